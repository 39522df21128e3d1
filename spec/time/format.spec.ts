// Go's formatting of durations (Duration.String) and times (Time.Format and
// Time.String), so a ported program prints what its Go original prints. The
// expected strings are Go's own, from time's format_test.go and
// time_test.go (durationTests) where they exist.
import { describe, expect, it } from "vitest";
import { time } from "../../src/index.js";
import { synctest } from "../../src/testing/index.js";

describe("time.formatDuration: Go's Duration.String", () => {
  it.each([
    ["0s", 0],
    ["1ns", 1 * time.Nanosecond],
    ["1.1µs", 1100 * time.Nanosecond],
    ["2.2ms", 2200 * time.Microsecond],
    ["3.3s", 3300 * time.Millisecond],
    ["4m5s", 4 * time.Minute + 5 * time.Second],
    ["4m5.001s", 4 * time.Minute + 5001 * time.Millisecond],
    ["5h6m7.001s", 5 * time.Hour + 6 * time.Minute + 7001 * time.Millisecond],
    ["8m0.000000001s", 8 * time.Minute + 1 * time.Nanosecond],
    ["1.5s", 1.5 * time.Second],
    ["2h0m0s", 2 * time.Hour],
    ["1.5µs", 1.5 * time.Microsecond],
    ["100ms", 100 * time.Millisecond],
    ["-1.5s", -1.5 * time.Second],
    ["-2h0m0s", -2 * time.Hour],
    ["72h3m0.5s", 72 * time.Hour + 3 * time.Minute + 500 * time.Millisecond],
  ])("prints %s", (want, d) => {
    expect(time.formatDuration(d)).toBe(want);
  });

  it("rounds to whole nanoseconds, as Go holds a duration", () => {
    expect(time.formatDuration(0.1)).toBe("100µs");
    expect(time.formatDuration(1e-7)).toBe("0s");
  });

  it("stops at hours, as days can be different lengths", () => {
    expect(time.formatDuration(100 * time.Hour)).toBe("100h0m0s");
  });

  it("throws for what is not a duration: TypeError for a non-number, RangeError for a non-finite one", () => {
    expect(() => time.formatDuration("1s" as never)).toThrow(TypeError);
    expect(() => time.formatDuration(Infinity)).toThrow(RangeError);
    expect(() => time.formatDuration(NaN)).toThrow(RangeError);
  });
});

describe("time.format: Go's Time.Format, in UTC", () => {
  // Go's reference time, Mon Jan 2 15:04:05 MST 2006, as its UTC instant.
  const ref = Date.UTC(2006, 0, 2, 15, 4, 5);

  it.each([
    ["RFC3339", time.RFC3339, "2006-01-02T15:04:05Z"],
    ["RFC3339Nano", time.RFC3339Nano, "2006-01-02T15:04:05Z"],
    ["ANSIC", time.ANSIC, "Mon Jan  2 15:04:05 2006"],
    ["UnixDate", time.UnixDate, "Mon Jan  2 15:04:05 UTC 2006"],
    ["RubyDate", time.RubyDate, "Mon Jan 02 15:04:05 +0000 2006"],
    ["RFC822", time.RFC822, "02 Jan 06 15:04 UTC"],
    ["RFC822Z", time.RFC822Z, "02 Jan 06 15:04 +0000"],
    ["RFC850", time.RFC850, "Monday, 02-Jan-06 15:04:05 UTC"],
    ["RFC1123", time.RFC1123, "Mon, 02 Jan 2006 15:04:05 UTC"],
    ["RFC1123Z", time.RFC1123Z, "Mon, 02 Jan 2006 15:04:05 +0000"],
    ["Kitchen", time.Kitchen, "3:04PM"],
    ["Stamp", time.Stamp, "Jan  2 15:04:05"],
    ["StampMilli", time.StampMilli, "Jan  2 15:04:05.000"],
    ["DateTime", time.DateTime, "2006-01-02 15:04:05"],
    ["DateOnly", time.DateOnly, "2006-01-02"],
    ["TimeOnly", time.TimeOnly, "15:04:05"],
    ["Layout", time.Layout, "01/02 03:04:05PM '06 +0000"],
  ])("formats the reference time with %s", (_name, layout, want) => {
    expect(time.format(ref, layout)).toBe(want);
  });

  it("prints the fraction of a second as .000 (all digits) and .999 (trailing zeros dropped) ask", () => {
    const t = ref + 123.45; // .12345 s
    expect(time.format(t, "15:04:05.000")).toBe("15:04:05.123");
    expect(time.format(t, "15:04:05.000000")).toBe("15:04:05.123450");
    expect(time.format(t, "15:04:05.999999")).toBe("15:04:05.12345");
    expect(time.format(t, "15:04:05,000")).toBe("15:04:05,123");
    expect(time.format(ref, "15:04:05.999")).toBe("15:04:05");
    expect(time.format(t, time.RFC3339Nano)).toBe("2006-01-02T15:04:05.12345Z");
  });

  it("formats the other elements of a layout: day of year, 12-hour clock, pm, padded days, the year 2006 after _", () => {
    const t = Date.UTC(2009, 1, 3, 0, 7, 9); // Tue Feb 3 00:07:09 2009
    expect(time.format(t, "Monday January 2 _2 02 002 __2")).toBe("Tuesday February 3  3 03 034  34");
    expect(time.format(t, "3 03 4 04 5 05 PM pm")).toBe("12 12 7 07 9 09 AM am");
    expect(time.format(t, "_2006 06 1 01 Jan Mon")).toBe("_2009 09 2 02 Feb Tue");
    expect(time.format(t, "-07 -07:00 -070000 -07:00:00 Z07 Z0700 Z07:00")).toBe("+00 +00:00 +000000 +00:00:00 Z Z Z");
  });

  it("copies what is no layout element: a Jan or Mon followed by a lower-case letter (Month, Janet)", () => {
    const t = Date.UTC(2009, 1, 3, 0, 7, 9); // Tue Feb 3 00:07:09 2009
    expect(time.format(t, "Month Janet, Mondays at 15h")).toBe("Month Janet, Tuesdays at 00h");
  });

  it("without a layout prints Go's Time.String (without the monotonic reading)", () => {
    expect(time.format(ref)).toBe("2006-01-02 15:04:05 +0000 UTC");
    expect(time.format(ref + 500)).toBe("2006-01-02 15:04:05.5 +0000 UTC");
  });

  it("prints a virtual time of a bubble as Go's synctest clock reads: 2000-01-01 00:00:00 UTC, exact to the microsecond", async () => {
    await synctest.test(async () => {
      expect(time.format(time.now(), time.RFC3339Nano)).toBe("2000-01-01T00:00:00Z");
      await time.sleep(200 * time.Millisecond);
      expect(time.format(time.now())).toBe("2000-01-01 00:00:00.2 +0000 UTC");
      await time.sleep(2 * time.Microsecond);
      expect(time.format(time.now(), time.RFC3339Nano)).toBe("2000-01-01T00:00:00.200002Z");
    });
  });

  it("prints a year before 1970 and one past 9999 as Go does", () => {
    expect(time.format(Date.UTC(1969, 11, 31, 23, 59, 59), time.DateTime)).toBe("1969-12-31 23:59:59");
    const far = new Date(0);
    far.setUTCFullYear(12345, 0, 1);
    expect(time.format(far.getTime(), time.DateOnly)).toBe("12345-01-01");
  });

  it("throws for what is not a time: TypeError for a non-number or a layout that is not a string, RangeError for a non-finite time", () => {
    expect(() => time.format(new Date() as never)).toThrow(TypeError);
    expect(() => time.format(0, 3 as never)).toThrow(TypeError);
    expect(() => time.format(Infinity)).toThrow(RangeError);
  });
});
