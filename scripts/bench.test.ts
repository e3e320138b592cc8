/**
 * The bench's own rules: it stays small enough to read (issue 24: `bench/` at most 1,400 lines of code, counted as
 * cloc counts code; its data, prices.json, and its results are not code), and its meter bills writes as AWS does.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { billedWrites } from "../bench/meter";

const bench = path.resolve(import.meta.dirname, "../bench");

/** Lines with code: not blank, not a line comment, not inside a block comment. */
function codeLines(source: string): number {
  let inBlock = false;
  return source.split("\n").filter((raw) => {
    const line = raw.trim();
    if (inBlock) {
      inBlock = !line.includes("*/");
      return false;
    }
    if (line.startsWith("/*")) {
      inBlock = !line.includes("*/");
      return false;
    }
    return line !== "" && !line.startsWith("//");
  }).length;
}

it("counts code the way cloc does: comments and blank lines are not code", () => {
  expect(codeLines("// a\n\n/**\n * b\n */\nconst x = 1; // c\n/* d */\nx;\n")).toBe(2);
});

it("keeps bench/ within 1,400 lines of code", () => {
  const files = readdirSync(bench).filter((f) => /\.(ts|mjs)$/.test(f));
  const lines = files.reduce((sum, f) => sum + codeLines(readFileSync(path.join(bench, f), "utf8")), 0);
  expect(files.length).toBeGreaterThan(10);
  expect(lines).toBeLessThanOrEqual(1400);
});

it("bills a transaction's items at 2 units each and its index writes once, where DynamoDB Local reports otherwise", () => {
  // A booking as Local reports it: three items (6) and two index writes doubled (4).
  const booking = [
    { CapacityUnits: 10, GlobalSecondaryIndexes: { gsi1: { CapacityUnits: 2 }, gsi3: { CapacityUnits: 2 } } },
  ];
  expect(billedWrites("TransactWriteItemsCommand", booking, 3)).toEqual({ billed: 8, local: 10 });
  // A rating's two items, reported by Local at 2 units in all.
  expect(billedWrites("TransactWriteItemsCommand", [{ CapacityUnits: 2 }], 2)).toEqual({ billed: 4, local: 2 });
  // A single write is billed as reported: the item and each index entry.
  const board = [{ CapacityUnits: 3, GlobalSecondaryIndexes: { gsi3: { CapacityUnits: 2 } } }];
  expect(billedWrites("UpdateItemCommand", board)).toEqual({ billed: 3, local: 3 });
});
