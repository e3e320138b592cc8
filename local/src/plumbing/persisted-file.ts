/**
 * The files the local stack keeps between runs (stream checkpoints, cognito-local's seeded pool, the data lock,
 * `.local/endpoints.json`): each written whole or not at all, and a damaged one set aside with a warning instead of
 * crashing the next start. Why this is hand-written: docs/decisions/0023-crash-safe-local-stack.md.
 */
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isRunning } from "./processes";

let written = 0;

export namespace PersistedFile {
  /**
   * Writes `text` to a temporary file beside `file` and renames it into place: a reader, or a start after a crash,
   * sees the old content or the new, never part of it. No fsync: this guards against the stack's own death, not the
   * machine's (a file torn by a power cut is set aside like any other).
   */
  export function write(file: string, text: string): void {
    const temp = `${file}.tmp-${process.pid}-${++written}`;
    try {
      writeFileSync(temp, text);
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /** As `write`, as JSON. */
  export function writeJson(file: string, value: unknown, indent?: number): void {
    write(file, `${JSON.stringify(value, null, indent)}\n`);
  }

  /**
   * The JSON in `file`, or undefined when there is none. A file that does not parse, or that `valid` refuses, is
   * renamed to `<file>.damaged-<time>` with one warning, and read as absent: the caller starts afresh.
   */
  export function readJson<T>(
    file: string,
    o: { warn: (line: string) => void; valid?: (value: unknown) => value is T; absentMeans: string },
  ): T | undefined {
    removeStaleTemporaries(file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    let problem: string;
    try {
      const value: unknown = JSON.parse(text);
      if (!o.valid || o.valid(value)) return value as T;
      problem = "it is not what was written there";
    } catch (error) {
      problem = text.length === 0 ? "it is empty" : `it is not JSON (${(error as Error).message})`;
    }
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[-:.]/g, "")}`;
    renameSync(file, aside);
    o.warn(`Warning: ${file} was damaged (${problem}), perhaps by a crash: set aside as ${aside}; ${o.absentMeans}.`);
    return undefined;
  }

  /** Temporaries of `file` left by a process that died mid-write (their names carry its pid). */
  function removeStaleTemporaries(file: string): void {
    const prefix = `${path.basename(file)}.tmp-`;
    let names: string[];
    try {
      names = readdirSync(path.dirname(file)).filter((name) => name.startsWith(prefix));
    } catch {
      return;
    }
    for (const name of names) {
      const pid = Number(name.slice(prefix.length).split("-")[0]);
      if (Number.isInteger(pid) && !isRunning(pid)) rmSync(path.join(path.dirname(file), name), { force: true });
    }
  }
}
