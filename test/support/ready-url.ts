/** Waits for a child process (a server entry point) to print the line a test needs from it. */
import type { ChildProcess } from 'node:child_process';

/** The first capture of `pattern` in the child's stdout so far; rejects on exit or after `timeoutMs`. */
export function stdoutMatch(child: ChildProcess, pattern: RegExp, timeoutMs = 25_000): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern}: ${output}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

/** The URL from npm start's "ready at <url>" line. */
export function readyUrl(child: ChildProcess, timeoutMs?: number): Promise<string> {
  return stdoutMatch(child, /ready at (http:\S+)/, timeoutMs);
}
