// Run a ported program when its file is the one node (or tsx) was started
// with, as `go run file.go` runs main: through runtime.main, so the program
// ends when main returns, as Go's does.
import { pathToFileURL } from "node:url";
import { runtime } from "../../src/index.js";

/** Run `main` as the program if `moduleUrl` (the caller's import.meta.url) is the file started. */
export function runIfMain(moduleUrl: string, main: () => unknown, options?: runtime.MainOptions): void {
  if (process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href) void runtime.main(main, options);
}
