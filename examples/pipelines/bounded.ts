// "Go Concurrency Patterns: Pipelines and cancellation" (the Go blog,
// https://go.dev/blog/pipelines), bounded.go: the MD5 digests of a file
// tree with bounded parallelism. Copyright The Go Authors, BSD license.
// Its code:
//
//	// walkFiles starts a goroutine to walk the directory tree at root and send the
//	// path of each regular file on the string channel.  It sends the result of the
//	// walk on the error channel.  If done is closed, walkFiles abandons its work.
//	func walkFiles(done <-chan struct{}, root string) (<-chan string, <-chan error) {
//		paths := make(chan string)
//		errc := make(chan error, 1)
//		go func() {
//			// Close the paths channel after Walk returns.
//			defer close(paths)
//			// No select needed for this send, since errc is buffered.
//			errc <- filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
//				if err != nil {
//					return err
//				}
//				if info.IsDir() {
//					return nil
//				}
//				select {
//				case paths <- path:
//				case <-done:
//					return errors.New("walk canceled")
//				}
//				return nil
//			})
//		}()
//		return paths, errc
//	}
//
//	// A result is the product of reading and summing a file using MD5.
//	type result struct {
//		path string
//		sum  [md5.Size]byte
//		err  error
//	}
//
//	// digester reads path names from paths and sends digests of the corresponding
//	// files on c until either paths or done is closed.
//	func digester(done <-chan struct{}, paths <-chan string, c chan<- result) {
//		for path := range paths {
//			data, err := ioutil.ReadFile(path)
//			select {
//			case c <- result{path, md5.Sum(data), err}:
//			case <-done:
//				return
//			}
//		}
//	}
//
//	// MD5All reads all the files in the file tree rooted at root and returns a map
//	// from file path to the MD5 sum of the file's contents.  If the directory walk
//	// fails or any read operation fails, MD5All returns an error.  In that case,
//	// MD5All does not wait for inflight read operations to complete.
//	func MD5All(root string) (map[string][md5.Size]byte, error) {
//		// MD5All closes the done channel when it returns; it may do so before
//		// receiving all the values from c and errc.
//		done := make(chan struct{})
//		defer close(done)
//
//		paths, errc := walkFiles(done, root)
//
//		// Start a fixed number of goroutines to read and digest files.
//		c := make(chan result)
//		var wg sync.WaitGroup
//		const numDigesters = 20
//		wg.Add(numDigesters)
//		for i := 0; i < numDigesters; i++ {
//			go func() {
//				digester(done, paths, c)
//				wg.Done()
//			}()
//		}
//		go func() {
//			wg.Wait()
//			close(c)
//		}()
//		// End of pipeline. OMIT
//
//		m := make(map[string][md5.Size]byte)
//		for r := range c {
//			if r.err != nil {
//				return nil, r.err
//			}
//			m[r.path] = r.sum
//		}
//		// Check whether the Walk failed.
//		if err := <-errc; err != nil {
//			return nil, err
//		}
//		return m, nil
//	}
//
//	func main() {
//		// Calculate the MD5 sum of all files under the specified directory,
//		// then print the results sorted by path name.
//		m, err := MD5All(os.Args[1])
//		if err != nil {
//			fmt.Println(err)
//			return
//		}
//		var paths []string
//		for path := range m {
//			paths = append(paths, path)
//		}
//		sort.Strings(paths)
//		for _, path := range paths {
//			fmt.Printf("%x  %s\n", m[path], path)
//		}
//	}
//
// filepath.Walk and ioutil.ReadFile are written below as Go has them: a
// walk in lexical order that calls its function for every file and
// directory and stops at the first error it returns, and a read that
// returns the data and an error. `return` inside a select returns from the
// function: the select names its cases and the code after it returns.
import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import { readdir, readFile as fsReadFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { chan, go, recv, select, send, sync, type RecvChan, type SendChan } from "../../src/index.js";
import * as fmt from "../gobyexample/fmt.js";
import { runIfMain } from "../gobyexample/run.js";

/** Go's filepath.WalkFunc: the file's info, or the error that kept the walk from it. */
type WalkFunc = (...visit: [path: string, info: Stats, err: null] | [path: string, info: null, err: Error]) => Promise<Error | null>;

/** Go's filepath.Walk: `fn` for root and everything under it, in lexical order, until it returns an error. */
async function walk(root: string, fn: WalkFunc): Promise<Error | null> {
  let info: Stats;
  try {
    info = await stat(root);
  } catch (e) {
    return fn(root, null, e as Error);
  }
  return walkPath(root, info, fn);
}

async function walkPath(path: string, info: Stats, fn: WalkFunc): Promise<Error | null> {
  if (!info.isDirectory()) return fn(path, info, null);
  const err = await fn(path, info, null);
  if (err !== null) return err;
  for (const name of (await readdir(path)).sort()) {
    const child = join(path, name);
    let childInfo: Stats;
    try {
      childInfo = await stat(child);
    } catch (e) {
      const err = await fn(child, null, e as Error);
      if (err !== null) return err;
      continue;
    }
    const err = await walkPath(child, childInfo, fn);
    if (err !== null) return err;
  }
  return null;
}

/** Go's ioutil.ReadFile: the data, or an error. */
async function readFile(path: string): Promise<[Uint8Array, Error | null]> {
  try {
    return [await fsReadFile(path), null];
  } catch (e) {
    return [new Uint8Array(), e as Error];
  }
}

/** Go's md5.Sum. */
function md5Sum(data: Uint8Array): Uint8Array {
  return createHash("md5").update(data).digest();
}

/**
 * walkFiles starts a goroutine to walk the directory tree at root and send
 * the path of each regular file on the string channel. It sends the result
 * of the walk on the error channel. If done is closed, walkFiles abandons
 * its work.
 */
export function walkFiles(done: RecvChan<void>, root: string): [RecvChan<string>, RecvChan<Error | null>] {
  const paths = chan<string>();
  const errc = chan<Error | null>(1);
  go(async () => {
    // Close the paths channel after walk returns.
    try {
      // No select needed for this send, since errc is buffered.
      await errc.send(
        await walk(root, async (path, info, err) => {
          if (err !== null) {
            return err;
          }
          if (info.isDirectory()) {
            return null;
          }
          const s = await select({ path: send(paths, path), done: recv(done) });
          if (s.case === "done") return new Error("walk canceled");
          return null;
        }),
      );
    } finally {
      paths.close();
    }
  });
  return [paths, errc];
}

/** A result is the product of reading and summing a file using MD5. */
interface Result {
  path: string;
  sum: Uint8Array;
  err: Error | null;
}

/**
 * digester reads path names from paths and sends digests of the
 * corresponding files on c until either paths or done is closed.
 */
async function digester(done: RecvChan<void>, paths: RecvChan<string>, c: SendChan<Result>): Promise<void> {
  for await (const path of paths) {
    const [data, err] = await readFile(path);
    const s = await select({ sent: send(c, { path, sum: md5Sum(data), err }), done: recv(done) });
    if (s.case === "done") return;
  }
}

/**
 * MD5All reads all the files in the file tree rooted at root and returns a
 * map from file path to the MD5 sum of the file's contents. If the
 * directory walk fails or any read operation fails, MD5All returns an
 * error. In that case, MD5All does not wait for inflight read operations to
 * complete.
 */
export async function MD5All(root: string): Promise<[Map<string, Uint8Array> | null, Error | null]> {
  // MD5All closes the done channel when it returns; it may do so before
  // receiving all the values from c and errc.
  const done = chan<void>();
  try {
    const [paths, errc] = walkFiles(done, root);

    // Start a fixed number of goroutines to read and digest files.
    const c = chan<Result>();
    const wg = new sync.WaitGroup();
    const numDigesters = 20;
    wg.add(numDigesters);
    for (let i = 0; i < numDigesters; i++) {
      go(async () => {
        await digester(done, paths, c);
        wg.done();
      });
    }
    go(async () => {
      await wg.wait();
      c.close();
    });

    const m = new Map<string, Uint8Array>();
    for await (const r of c) {
      if (r.err !== null) {
        return [null, r.err];
      }
      m.set(r.path, r.sum);
    }
    // Check whether the walk failed.
    const [err = null] = await errc.recv();
    if (err !== null) {
      return [null, err];
    }
    return [m, null];
  } finally {
    done.close();
  }
}

export async function main(root = process.argv[2] ?? "."): Promise<void> {
  // Calculate the MD5 sum of all files under the specified directory,
  // then print the results sorted by path name.
  const [m, err] = await MD5All(root);
  if (err !== null || m === null) {
    fmt.Println(err);
    return;
  }
  const paths: string[] = [];
  for (const path of m.keys()) {
    paths.push(path);
  }
  paths.sort();
  for (const path of paths) {
    fmt.Printf("%x  %s\n", m.get(path), path);
  }
}

runIfMain(import.meta.url, () => main());
