// Time windows (µs on the monotonic clock the CPU profile uses) around the
// part of a profiled script that is measured, printed as the last line of
// stdout for bench/profile/run.ts to cut the profile to.

const windows: [number, number][] = [];
const us = (): number => Number(process.hrtime.bigint() / 1000n);

export async function windowed<T>(fn: () => Promise<T>): Promise<T> {
  const start = us();
  try {
    return await fn();
  } finally {
    windows.push([start, us()]);
  }
}

export function printWindows(): void {
  console.log(JSON.stringify({ windows }));
}
