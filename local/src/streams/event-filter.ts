/**
 * Lambda's event filtering, locally: does a stream record match a filter pattern? The subset the subscription table
 * uses and AWS documents for DynamoDB streams: exact values, `exists`, `anything-but`, `prefix` and `numeric` (DynamoDB
 * `N` strings compare as numbers). Patterns in a list are OR'ed; fields within a pattern are AND'ed.
 */
type Matcher = string | number | boolean | null | Record<string, unknown>;

export function matchesAny(record: unknown, patterns: readonly Record<string, unknown>[]): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matches(record, pattern));
}

export function matches(value: unknown, pattern: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = isObject(value) ? value[field] : undefined;
    if (Array.isArray(expected)) return leafMatches(actual, expected as Matcher[]);
    // A missing branch is an empty one: only `exists: false` below it can hold.
    if (isObject(expected))
      return actual === undefined ? matches({}, expected) : isObject(actual) && matches(actual, expected);
    return false;
  });
}

/** A leaf: any of the matchers holds (`exists: false` holds only for a missing field). */
function leafMatches(actual: unknown, matchers: Matcher[]): boolean {
  return matchers.some((m) => {
    if (!isObject(m)) return actual !== undefined && !isObject(actual) && actual === m;
    if ("exists" in m) return m.exists ? actual !== undefined && !isObject(actual) : actual === undefined;
    if (actual === undefined || isObject(actual)) return false;
    if ("anything-but" in m) return ![m["anything-but"]].flat().includes(actual);
    if ("prefix" in m) return typeof actual === "string" && actual.startsWith(String(m.prefix));
    if ("numeric" in m) return numericHolds(Number(actual), m.numeric as (string | number)[]);
    return false;
  });
}

function numericHolds(n: number, conditions: (string | number)[]): boolean {
  if (Number.isNaN(n)) return false;
  for (let i = 0; i < conditions.length; i += 2) {
    const [op, bound] = [conditions[i], Number(conditions[i + 1])];
    const holds = { "=": n === bound, ">": n > bound, ">=": n >= bound, "<": n < bound, "<=": n <= bound }[String(op)];
    if (!holds) return false;
  }
  return true;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
