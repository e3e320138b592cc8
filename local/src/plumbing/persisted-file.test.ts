import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PersistedFile } from "./persisted-file";

let dir: string;
let warnings: string[];
const warn = (line: string) => void warnings.push(line);
const isCount = (v: unknown): v is { count: number } => typeof (v as { count?: unknown })?.count === "number";
const read = (file: string) => PersistedFile.readJson(file, { warn, valid: isCount, absentMeans: "starting afresh" });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "wr-persisted-file-"));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a persisted file", () => {
  it("is written whole, leaving nothing beside it, and read back", () => {
    const file = path.join(dir, "state.json");
    PersistedFile.writeJson(file, { count: 1 });
    PersistedFile.writeJson(file, { count: 2 });
    expect(readdirSync(dir)).toEqual(["state.json"]);
    expect(read(file)).toEqual({ count: 2 });
    expect(warnings).toEqual([]);
  });

  it("is absent when there is none, without a warning", () => {
    expect(read(path.join(dir, "none.json"))).toBeUndefined();
    expect(read(path.join(dir, "no-folder", "none.json"))).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it.each([
    ["empty", ""],
    ["torn", '{"count": 1'],
    ["of another shape", '{"counted": 1}'],
  ])("set aside with one warning when %s, and read as absent", (_, text) => {
    const file = path.join(dir, "state.json");
    writeFileSync(file, text);
    expect(read(file)).toBeUndefined();
    const [aside, ...more] = readdirSync(dir);
    expect(more).toEqual([]);
    expect(aside).toMatch(/^state\.json\.damaged-\d{8}T\d{9}Z$/);
    expect(readFileSync(path.join(dir, aside as string), "utf8")).toBe(text);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${file} was damaged`);
    expect(warnings[0]).toContain("starting afresh");
  });

  it("loses the temporaries of a writer that died mid-write, not those of a live one", () => {
    const file = path.join(dir, "state.json");
    PersistedFile.writeJson(file, { count: 3 });
    // pid 2^22 + 1 is above any Linux pid_max: no process has it.
    writeFileSync(`${file}.tmp-4194305-1`, '{"cou');
    writeFileSync(`${file}.tmp-${process.pid}-99`, '{"cou');
    expect(read(file)).toEqual({ count: 3 });
    expect(readdirSync(dir).sort()).toEqual(["state.json", `state.json.tmp-${process.pid}-99`]);
  });
});
