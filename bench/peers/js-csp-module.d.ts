// Minimal types for js-csp 1.x (it ships none): what bench/peers/js-csp.ts uses.
declare module "js-csp" {
  export interface Channel {
    close(): void;
    closed: boolean;
  }
  export type Instruction = { readonly __instruction: true };
  export interface AltsResult {
    value: unknown;
    channel: Channel;
  }
  interface Csp {
    CLOSED: null;
    chan(bufferOrNumber?: number): Channel;
    go<A extends unknown[]>(f: (...args: A) => Generator<Instruction, unknown, unknown>, args?: A): Channel;
    put(ch: Channel, value: unknown): Instruction;
    take(ch: Channel): Instruction;
    alts(ops: Channel[]): Instruction;
    offer(ch: Channel, value: unknown): boolean;
    timeout(ms: number): Channel;
    takeAsync(ch: Channel, cb: (v: unknown) => void): void;
    putAsync(ch: Channel, value: unknown, cb?: () => void): void;
  }
  const csp: Csp;
  export default csp;
}
