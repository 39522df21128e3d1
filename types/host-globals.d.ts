// Minimal host globals available in every runtime the core targets
// (browsers, Node, Deno, Bun) but not part of lib ES2022. Used ONLY by
// tsconfig.build.json (which has `types: []`), so the core can use these
// without pulling in DOM or Node typings. Do not add Node-specific APIs here.
// (The root tsconfig.json uses @types/node, which declares all of these.)

declare function setTimeout(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): any;
declare function clearTimeout(id: any): void;
declare function setInterval(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): any;
declare function clearInterval(id: any): void;
declare function queueMicrotask(callback: () => void): void;

interface HostConsole {
  log(...data: any[]): void;
  info(...data: any[]): void;
  warn(...data: any[]): void;
  error(...data: any[]): void;
  debug(...data: any[]): void;
}
declare var console: HostConsole;

interface HostPerformance {
  now(): number;
}
declare var performance: HostPerformance;

// AbortController/AbortSignal (WHATWG; every target runtime has them). Only the
// members the core uses; consumers resolve the real types from DOM or @types/node.
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: any;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean; signal?: AbortSignal }): void;
  removeEventListener(type: "abort", listener: () => void): void;
  throwIfAborted(): void;
}
declare var AbortSignal: { prototype: AbortSignal };
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: any): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };
