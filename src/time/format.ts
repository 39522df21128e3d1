// Go's formatting of durations and times, so a ported program prints what
// its Go original prints: Duration.String (`1.5s`, `2h0m0s`), Time.Format
// with Go's reference-time layouts (`time.RFC3339`, ...), and Time.String.
//
// Durations and times here are numbers of milliseconds (a time: since the
// Unix epoch), not Go's int64 nanoseconds. A duration is rounded to whole
// nanoseconds, as Go holds it. A time has no location: it formats in UTC,
// as Go's t.UTC().Format(layout), and carries no monotonic reading (Go's
// String adds `m=+0.5` for times from time.Now; this cannot).
import { checkDuration, describe } from "../runtime/validate.js";

/**
 * Go's `Duration.String`: `72h3m0.5s`, `1.5s`, `100ms`, `1.5µs`, `0s`.
 * Under a second the largest unit that keeps a whole number before the
 * point is used; from a second on, hours, minutes and seconds, no days.
 *
 * ```ts
 * time.formatDuration(90 * time.Minute) // (90 * time.Minute).String() == "1h30m0s"
 * ```
 */
export function formatDuration(d: number): string {
  checkDuration(d, "time.formatDuration");
  // Whole nanoseconds, exact past 2**53 too (Go's Duration reaches 2**63).
  const ns = BigInt(Math.round(d * 1e6));
  const neg = ns < 0n;
  const u = neg ? -ns : ns;
  const sign = neg ? "-" : "";
  if (u < 1_000_000_000n) {
    // Under a second: one unit, with a fraction (Go's special case).
    if (u === 0n) return "0s";
    if (u < 1_000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${fraction(u, 3)}µs`;
    return `${sign}${fraction(u, 6)}ms`;
  }
  const seconds = u / 1_000_000_000n;
  const frac = fraction(u % 1_000_000_000n, 9).slice(1); // ".5" or ""
  let out = `${seconds % 60n}${frac}s`;
  const minutes = seconds / 60n;
  if (minutes > 0n) {
    out = `${minutes % 60n}m${out}`;
    // Stop at hours: days can be different lengths.
    const hours = minutes / 60n;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return sign + out;
}

/** `v / 10**prec` in decimal, its fraction without trailing zeros (and without the point when it is 0), as Go's fmtFrac. */
function fraction(v: bigint, prec: number): string {
  const scale = 10n ** BigInt(prec);
  const whole = v / scale;
  const digits = (v % scale).toString().padStart(prec, "0").replace(/0+$/, "");
  return digits === "" ? `${whole}` : `${whole}.${digits}`;
}

// Go's predefined layouts, written in its reference time
// Mon Jan 2 15:04:05 MST 2006 (01/02 03:04:05PM '06 -0700).
/**
 * Go's `time.Layout`: the reference time itself.
 *
 * ```ts
 * time.format(t, time.Layout) // t.UTC().Format(time.Layout)
 * ```
 */
export const Layout = "01/02 03:04:05PM '06 -0700";
/**
 * Go's `time.ANSIC`.
 *
 * ```ts
 * time.format(t, time.ANSIC) // t.UTC().Format(time.ANSIC)
 * ```
 */
export const ANSIC = "Mon Jan _2 15:04:05 2006";
/**
 * Go's `time.UnixDate`.
 *
 * ```ts
 * time.format(t, time.UnixDate) // t.UTC().Format(time.UnixDate)
 * ```
 */
export const UnixDate = "Mon Jan _2 15:04:05 MST 2006";
/**
 * Go's `time.RubyDate`.
 *
 * ```ts
 * time.format(t, time.RubyDate) // t.UTC().Format(time.RubyDate)
 * ```
 */
export const RubyDate = "Mon Jan 02 15:04:05 -0700 2006";
/**
 * Go's `time.RFC822`.
 *
 * ```ts
 * time.format(t, time.RFC822) // t.UTC().Format(time.RFC822)
 * ```
 */
export const RFC822 = "02 Jan 06 15:04 MST";
/**
 * Go's `time.RFC822Z`: RFC 822 with a numeric zone.
 *
 * ```ts
 * time.format(t, time.RFC822Z) // t.UTC().Format(time.RFC822Z)
 * ```
 */
export const RFC822Z = "02 Jan 06 15:04 -0700";
/**
 * Go's `time.RFC850`.
 *
 * ```ts
 * time.format(t, time.RFC850) // t.UTC().Format(time.RFC850)
 * ```
 */
export const RFC850 = "Monday, 02-Jan-06 15:04:05 MST";
/**
 * Go's `time.RFC1123`.
 *
 * ```ts
 * time.format(t, time.RFC1123) // t.UTC().Format(time.RFC1123)
 * ```
 */
export const RFC1123 = "Mon, 02 Jan 2006 15:04:05 MST";
/**
 * Go's `time.RFC1123Z`: RFC 1123 with a numeric zone.
 *
 * ```ts
 * time.format(t, time.RFC1123Z) // t.UTC().Format(time.RFC1123Z)
 * ```
 */
export const RFC1123Z = "Mon, 02 Jan 2006 15:04:05 -0700";
/**
 * Go's `time.RFC3339`: `2000-01-01T00:00:00Z`.
 *
 * ```ts
 * time.format(t, time.RFC3339) // t.UTC().Format(time.RFC3339)
 * ```
 */
export const RFC3339 = "2006-01-02T15:04:05Z07:00";
/**
 * Go's `time.RFC3339Nano`: RFC 3339 with the fraction of the second, trailing zeros dropped: `2000-01-01T00:00:00.25Z`.
 *
 * ```ts
 * time.format(t, time.RFC3339Nano) // t.UTC().Format(time.RFC3339Nano)
 * ```
 */
export const RFC3339Nano = "2006-01-02T15:04:05.999999999Z07:00";
/**
 * Go's `time.Kitchen`: `3:04PM`.
 *
 * ```ts
 * time.format(t, time.Kitchen) // t.UTC().Format(time.Kitchen)
 * ```
 */
export const Kitchen = "3:04PM";
/**
 * Go's `time.Stamp`.
 *
 * ```ts
 * time.format(t, time.Stamp) // t.UTC().Format(time.Stamp)
 * ```
 */
export const Stamp = "Jan _2 15:04:05";
/**
 * Go's `time.StampMilli`.
 *
 * ```ts
 * time.format(t, time.StampMilli) // t.UTC().Format(time.StampMilli)
 * ```
 */
export const StampMilli = "Jan _2 15:04:05.000";
/**
 * Go's `time.StampMicro`.
 *
 * ```ts
 * time.format(t, time.StampMicro) // t.UTC().Format(time.StampMicro)
 * ```
 */
export const StampMicro = "Jan _2 15:04:05.000000";
/**
 * Go's `time.StampNano`.
 *
 * ```ts
 * time.format(t, time.StampNano) // t.UTC().Format(time.StampNano)
 * ```
 */
export const StampNano = "Jan _2 15:04:05.000000000";
/**
 * Go's `time.DateTime`.
 *
 * ```ts
 * time.format(t, time.DateTime) // t.UTC().Format(time.DateTime)
 * ```
 */
export const DateTime = "2006-01-02 15:04:05";
/**
 * Go's `time.DateOnly`.
 *
 * ```ts
 * time.format(t, time.DateOnly) // t.UTC().Format(time.DateOnly)
 * ```
 */
export const DateOnly = "2006-01-02";
/**
 * Go's `time.TimeOnly`.
 *
 * ```ts
 * time.format(t, time.TimeOnly) // t.UTC().Format(time.TimeOnly)
 * ```
 */
export const TimeOnly = "15:04:05";

/** What Go's Time.String formats with (before its monotonic reading). */
const STRING_LAYOUT = "2006-01-02 15:04:05.999999999 -0700 MST";

/**
 * Go's `t.Format(layout)` for a time in milliseconds since the epoch,
 * formatted in UTC. Without a layout, Go's `t.String()`:
 * `2000-01-01 00:00:00.5 +0000 UTC`. A layout is Go's: the reference time
 * `Mon Jan 2 15:04:05 MST 2006` written as the result should look, and
 * every other character copied.
 *
 * ```ts
 * time.format(time.now(), "15:04:05.000") // time.Now().UTC().Format("15:04:05.000")
 * ```
 */
export function format(t: number, layout: string = STRING_LAYOUT): string {
  if (typeof t !== "number") throw new TypeError(`time.format: a time must be a number of milliseconds since the epoch, got ${describe(t)}`);
  if (!Number.isFinite(t)) throw new RangeError(`time.format: a time must be finite, got ${t}`);
  if (typeof layout !== "string") throw new TypeError(`time.format: layout must be a string, got ${describe(layout)}`);
  const f = fields(t);
  let out = "";
  for (let rest = layout; rest !== ""; ) {
    const c = nextStdChunk(rest);
    out += c.prefix;
    if (c.std === null) break;
    rest = c.suffix;
    out += element(f, c.std);
  }
  return out;
}

/** The calendar fields of a time, in UTC, with the nanoseconds its number can carry. */
interface Fields {
  year: number;
  month: number; // 1..12
  day: number;
  yday: number; // 1..366
  weekday: number; // 0 is Sunday
  hour: number;
  min: number;
  sec: number;
  nsec: number;
}

/**
 * A time's calendar fields. A number of milliseconds since the epoch holds
 * about 16 significant digits: a time of this century resolves to a few
 * hundred nanoseconds, so its fraction is rounded to the finest unit of
 * 1, 1000 or 1,000,000 ns that the number can still tell apart (the virtual
 * clock's 2000-01-01 plus 0.5 s prints `.5`, not `.500000061`).
 */
function fields(t: number): Fields {
  let ms = Math.floor(t);
  // At least the spacing of numbers near t, in ns: a unit wider than it is exact.
  const ulpNs = Math.abs(t) * Number.EPSILON * 1e6;
  const unit = ulpNs <= 1 ? 1 : ulpNs <= 1e3 ? 1e3 : 1e6;
  let subMs = Math.round(((t - ms) * 1e6) / unit) * unit;
  if (subMs >= 1e6) {
    ms += 1;
    subMs = 0;
  }
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const startOfYear = new Date(0);
  startOfYear.setUTCFullYear(year, 0, 1);
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    yday: Math.floor((ms - startOfYear.getTime()) / 86_400_000) + 1,
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    nsec: d.getUTCMilliseconds() * 1e6 + subMs,
  };
}

const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A layout element Go's nextStdChunk recognizes; fractions carry their digits and separator. */
type Std =
  | "January" | "Jan" | "1" | "01" | "Monday" | "Mon" | "2" | "_2" | "02" | "__2" | "002"
  | "15" | "3" | "03" | "4" | "04" | "5" | "05" | "2006" | "06" | "PM" | "pm" | "MST"
  | "Z0700" | "Z070000" | "Z07" | "Z07:00" | "Z07:00:00" | "-0700" | "-070000" | "-07" | "-07:00" | "-07:00:00"
  | { frac: "0" | "9"; digits: number; sep: string };

/** The first layout element in `layout`: the text before it, it, and the text after (Go's nextStdChunk, same order of tests). */
function nextStdChunk(layout: string): { prefix: string; std: Std | null; suffix: string } {
  const at = (i: number, std: Std, len: number) => ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + len) });
  const has = (i: number, s: string) => layout.startsWith(s, i);
  const lowerAt = (i: number) => i < layout.length && layout[i]! >= "a" && layout[i]! <= "z";
  const digitAt = (i: number) => i < layout.length && layout[i]! >= "0" && layout[i]! <= "9";
  for (let i = 0; i < layout.length; i++) {
    switch (layout[i]) {
      case "J": // January, Jan
        if (has(i, "Jan")) {
          if (has(i, "January")) return at(i, "January", 7);
          if (!lowerAt(i + 3)) return at(i, "Jan", 3);
        }
        break;
      case "M": // Monday, Mon, MST
        if (has(i, "Mon")) {
          if (has(i, "Monday")) return at(i, "Monday", 6);
          if (!lowerAt(i + 3)) return at(i, "Mon", 3);
        }
        if (has(i, "MST")) return at(i, "MST", 3);
        break;
      case "0": // 01, 02, 03, 04, 05, 06, 002
        if (i + 1 < layout.length && layout[i + 1]! >= "1" && layout[i + 1]! <= "6") return at(i, layout.slice(i, i + 2) as Std, 2);
        if (has(i, "002")) return at(i, "002", 3);
        break;
      case "1": // 15, 1
        if (has(i, "15")) return at(i, "15", 2);
        return at(i, "1", 1);
      case "2": // 2006, 2
        if (has(i, "2006")) return at(i, "2006", 4);
        return at(i, "2", 1);
      case "_": // _2, _2006, __2
        if (has(i, "_2")) {
          // _2006 is a literal _ followed by the year.
          if (has(i + 1, "2006")) return { prefix: layout.slice(0, i + 1), std: "2006", suffix: layout.slice(i + 5) };
          return at(i, "_2", 2);
        }
        if (has(i, "__2")) return at(i, "__2", 3);
        break;
      case "3":
        return at(i, "3", 1);
      case "4":
        return at(i, "4", 1);
      case "5":
        return at(i, "5", 1);
      case "P": // PM
        if (has(i, "PM")) return at(i, "PM", 2);
        break;
      case "p": // pm
        if (has(i, "pm")) return at(i, "pm", 2);
        break;
      case "-": // -070000, -07:00:00, -0700, -07:00, -07
        for (const z of ["-070000", "-07:00:00", "-0700", "-07:00", "-07"] as const) if (has(i, z)) return at(i, z, z.length);
        break;
      case "Z": // Z070000, Z07:00:00, Z0700, Z07:00, Z07
        for (const z of ["Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"] as const) if (has(i, z)) return at(i, z, z.length);
        break;
      case ".":
      case ",": {
        // .000 or .999 (and with a comma): repeated digits for the fraction of a second, ending the number.
        const ch = layout[i + 1];
        if (ch === "0" || ch === "9") {
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!digitAt(j)) return { prefix: layout.slice(0, i), std: { frac: ch, digits: j - (i + 1), sep: layout[i]! }, suffix: layout.slice(j) };
        }
        break;
      }
    }
  }
  return { prefix: layout, std: null, suffix: "" };
}

/** Go's appendInt: `x` in decimal, zero-padded to `width` digits (the sign not counted). */
function pad(x: number, width: number): string {
  const digits = String(Math.abs(x)).padStart(width, "0");
  return x < 0 ? `-${digits}` : digits;
}

/** One layout element of time `f`, in UTC: zone name "UTC", offset zero. */
function element(f: Fields, std: Std): string {
  if (typeof std === "object") {
    // Go's appendNano: .000 keeps every digit asked for; .999 drops trailing zeros, and the point with them.
    let s = pad(f.nsec, 9).slice(0, std.digits);
    if (std.frac === "9") s = s.replace(/0+$/, "");
    return s === "" ? "" : std.sep + s;
  }
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  switch (std) {
    case "2006":
      return pad(f.year, 4);
    case "06":
      return pad(Math.abs(f.year) % 100, 2);
    case "January":
      return LONG_MONTHS[f.month - 1]!;
    case "Jan":
      return LONG_MONTHS[f.month - 1]!.slice(0, 3);
    case "1":
      return String(f.month);
    case "01":
      return pad(f.month, 2);
    case "Monday":
      return LONG_DAYS[f.weekday]!;
    case "Mon":
      return LONG_DAYS[f.weekday]!.slice(0, 3);
    case "2":
      return String(f.day);
    case "_2":
      return f.day < 10 ? ` ${f.day}` : String(f.day);
    case "02":
      return pad(f.day, 2);
    case "__2":
      return String(f.yday).padStart(3, " ");
    case "002":
      return pad(f.yday, 3);
    case "15":
      return pad(f.hour, 2);
    case "3":
      return String(hour12);
    case "03":
      return pad(hour12, 2);
    case "4":
      return String(f.min);
    case "04":
      return pad(f.min, 2);
    case "5":
      return String(f.sec);
    case "05":
      return pad(f.sec, 2);
    case "PM":
      return f.hour >= 12 ? "PM" : "AM";
    case "pm":
      return f.hour >= 12 ? "pm" : "am";
    case "MST":
      return "UTC";
    // The Z forms print Z for UTC (ISO 8601); the numeric ones, a zero offset.
    case "Z0700":
    case "Z070000":
    case "Z07":
    case "Z07:00":
    case "Z07:00:00":
      return "Z";
    case "-0700":
      return "+0000";
    case "-070000":
      return "+000000";
    case "-07":
      return "+00";
    case "-07:00":
      return "+00:00";
    case "-07:00:00":
      return "+00:00:00";
  }
}
