// Go's fmt, as much of it as the ported programs print with, so they print
// what their Go originals print: Println, Print, Printf and Sprintf with
// the verbs they use (%v %d %s %x %q %%), and Go's %v of the values they
// print: a map as map[k:v ...] (keys sorted, as fmt sorts them), a slice as
// [a b], nil as <nil>, an Error as its message. Output goes to stdout, or
// to what setOutput gives (the specs capture it there).

let write: (text: string) => void = (text) => void process.stdout.write(text);

/** Send all output to `w` (null: back to stdout). */
export function setOutput(w: ((text: string) => void) | null): void {
  write = w ?? ((text) => void process.stdout.write(text));
}

/** Go's `fmt.Println`: operands in %v, separated by spaces, then a newline. */
export function Println(...a: unknown[]): void {
  write(`${a.map((v) => value(v)).join(" ")}\n`);
}

/** Go's `fmt.Print`: operands in %v, with a space between two that are not strings. */
export function Print(...a: unknown[]): void {
  let out = "";
  a.forEach((v, i) => {
    if (i > 0 && typeof v !== "string" && typeof a[i - 1] !== "string") out += " ";
    out += value(v);
  });
  write(out);
}

/** Go's `fmt.Printf`. */
export function Printf(format: string, ...a: unknown[]): void {
  write(Sprintf(format, ...a));
}

/** Go's `fmt.Sprintf` with %v %d %s %x %q and %%. */
export function Sprintf(format: string, ...a: unknown[]): string {
  let i = 0;
  return format.replace(/%([vdsxq%])/g, (_m, verb: string) => {
    if (verb === "%") return "%";
    const v = a[i++];
    switch (verb) {
      case "x":
        return hex(v);
      case "q":
        return JSON.stringify(String(v));
      default:
        return value(v);
    }
  });
}

/** Go's %v. */
function value(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (v instanceof Error) return v.message;
  if (v instanceof Map) {
    const keys = [...v.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return `map[${keys.map((k) => `${value(k)}:${value(v.get(k))}`).join(" ")}]`;
  }
  if (Array.isArray(v) || v instanceof Uint8Array) return `[${Array.from(v, (x: unknown) => value(x)).join(" ")}]`;
  return String(v);
}

/** Go's %x: bytes (an md5 sum) as lower-case hex, a number in base 16. */
function hex(v: unknown): string {
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (typeof v === "number") return v.toString(16);
  return Buffer.from(String(v)).toString("hex");
}
