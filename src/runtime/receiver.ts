// `go(obj.method)` is not Go's `go obj.method()`. Go binds the receiver
// into a method value; JavaScript does not, so the task calls the method
// with `this` undefined, and it fails (or worse, does not) far from the
// `go` line. What can be seen from the function itself: it is not an arrow
// (an arrow takes `this` from where it was written) and not bound, and its
// source uses `this`. Reading the source costs more than all the rest of
// go() does, so go() asks only while tracing (tests, bubbles, CSP_TRACE=1),
// as Go's race detector runs only under -race.

import { trace } from "./trace.js";
import { checkFunction } from "./validate.js";

const functionSource = Function.prototype.toString;

/** Functions already read, and whether they need a receiver: a method is one function shared by every instance. */
const seen = new WeakMap<object, boolean>();

/**
 * The check of a function that `what` will start as a task (`go`, and the
 * calls that start one later: `time.afterFunc`, `context.afterFunc`): a
 * callable that is no class or generator, and, while tracing, no method
 * passed without its object.
 */
export function checkTaskFunction(fn: unknown, what: string): asserts fn is (...args: never[]) => unknown {
  checkFunction(fn, what);
  if (trace.on) checkReceiver(fn, what);
}

/**
 * Throw a TypeError naming the call when `fn` would run with `this`
 * undefined although its body uses `this`: an unbound method.
 */
export function checkReceiver(fn: (...args: never[]) => unknown, what: string): void {
  const name = fn.name;
  if (typeof name === "string" && name.startsWith("bound ")) return;
  let needs = seen.get(fn);
  if (needs === undefined) {
    needs = needsReceiver(fn);
    seen.set(fn, needs);
  }
  if (!needs) return;
  const m = typeof name === "string" && name !== "" ? name : "method";
  throw new TypeError(
    `${what}: ${m} uses \`this\` but was passed without its object, so the task would run it with \`this\` undefined: write ${what}(() => obj.${m}()) or ${what}(obj.${m}.bind(obj)) (Go's \`go obj.${m}()\` binds obj; JavaScript does not)`,
  );
}

function needsReceiver(fn: (...args: never[]) => unknown): boolean {
  let src: string;
  try {
    src = functionSource.call(fn);
  } catch {
    return false;
  }
  return isMethod(src) && usesThis(src);
}

/**
 * A method's source starts with its key, as a class body or an object
 * literal wrote it: `inc() {`, `async inc() {`, `*gen() {`, `[key]() {`.
 * Only methods are judged: a `function` that uses `this` is as often a
 * wrapper that forwards whatever `this` it gets (`impl.apply(this, args)`:
 * test mocks, debounce, decorators) and works without one; an arrow has no
 * `this` of its own.
 */
function isMethod(src: string): boolean {
  return !isArrow(src) && !/^(?:async\s+)?function\b/.test(src);
}

/**
 * An arrow function's source starts with its parameters: `(`, `async (`,
 * `x =>` or `async x =>`. Every other callable source starts with
 * `function`, `async function`, or a method's key followed by `(`. `async(`
 * is taken for an arrow (a method named `async` is rarer than that arrow).
 */
function isArrow(src: string): boolean {
  return src.startsWith("(") || /^async\s*\(/.test(src) || /^(?:async\s+)?[\w$]+\s*=>/.test(src);
}

/** Comments, strings and template literals, whose `this` is no use of `this`. */
const NOT_CODE = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\[\s\S]|[^"\\])*"|'(?:\\[\s\S]|[^'\\])*'|`(?:\\[\s\S]|[^`\\])*`/g;

/** The source uses `this` (a nested `function` using its own `this` counts too: rare, and the message says what to do). */
function usesThis(src: string): boolean {
  return /\bthis\b/.test(src.replace(NOT_CODE, " "));
}
