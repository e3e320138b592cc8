/**
 * Malformed requests, derived from the request schemas with fast-check: valid shapes with one field made wrong
 * (type, range, special numbers, missing, unknown keys), plus non-objects. Every case is checked against the schema
 * so the corpus only holds requests the API must refuse.
 */

import { ListRidesQuery } from "@wildrydes/core/rules/api-shapes";
import { Cursor } from "@wildrydes/core/store/ride-item";
import fc from "fast-check";
import type * as z from "zod/mini";

interface Def {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  innerType?: z.ZodMiniType;
  values?: unknown[];
}
type Node = z.ZodMiniType & { _zod: { def: Def; bag: { minimum?: number; maximum?: number; format?: string } } };
const defOf = (schema: z.ZodMiniType) => (schema as Node)._zod.def;
/** A leaf's bounds as its checks record them (zod's mini build has no `minValue`-style getters). */
function boundsOf(schema: z.ZodMiniType) {
  const { minimum, maximum, format } = (schema as Node)._zod.bag;
  return { min: minimum, max: maximum, isInt: format?.includes("int") ?? false };
}

/** Values of the wrong kind for any field: strings that look numeric, booleans, null, arrays, objects. */
const wrongKind = fc.oneof(
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "", " ", "47.6", "0x10", "null", "５"),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

/** A value the schema accepts. */
export function validOf(schema: z.ZodMiniType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const node = boundsOf(schema);
  switch (def.type) {
    case "object": {
      const shape = def.shape ?? {};
      const required = Object.keys(shape).filter(
        (k) => !["optional", "default"].includes(defOf(shape[k] as z.ZodMiniType).type),
      );
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, validOf(v)]));
      return fc.record(fields, { requiredKeys: required });
    }
    case "number":
      return node.isInt
        ? fc.integer({ min: node.min ?? -1e6, max: node.max ?? 1e6 })
        : fc.double({ min: node.min ?? -1e6, max: node.max ?? 1e6, noNaN: true });
    case "literal":
      return fc.constantFrom(...(def.values ?? []));
    case "optional":
    case "default":
      return validOf(def.innerType as z.ZodMiniType);
    default:
      return fc.string({ minLength: 1, maxLength: 20 });
  }
}

/** A value this leaf schema refuses: the wrong kind, out of range, not whole, not one of the literals. */
function invalidLeaf(schema: z.ZodMiniType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const node = boundsOf(schema);
  if (def.type === "optional" || def.type === "default") return invalidLeaf(def.innerType as z.ZodMiniType);
  if (def.type === "number") {
    const min = node.min ?? -1e6;
    const max = node.max ?? 1e6;
    const outside = fc.oneof(
      fc.double({ min: max + 1e-6, max: 1e308, noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e308, max: min - 1e-6, noNaN: true, noDefaultInfinity: true }),
    );
    const fractional = fc.double({ min, max, noNaN: true }).filter((n) => !Number.isInteger(n));
    return fc.oneof(wrongKind, outside, ...(node.isInt ? [fractional] : []));
  }
  if (def.type === "literal") {
    const values = def.values ?? [];
    return fc.oneof(
      wrongKind,
      fc.integer({ min: -100, max: 100 }).filter((n) => !values.includes(n)),
      fc.constant(4.5),
    );
  }
  if (def.type === "string") {
    const { min: minLength, max: maxLength } = node;
    return fc.oneof(
      fc.boolean(),
      fc.integer(),
      fc.constant(null),
      ...(minLength ? [fc.string({ maxLength: minLength - 1 })] : []),
      ...(maxLength ? [fc.string({ minLength: maxLength + 1, maxLength: maxLength + 40 })] : []),
    );
  }
  return fc.oneof(fc.boolean(), fc.integer(), fc.constant(null));
}

/** One field of a valid value made wrong, a required field dropped, an unknown field added, or a non-object. */
export function invalidOf(schema: z.ZodMiniType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (def.type !== "object") return invalidLeaf(schema);
  const shape = def.shape ?? {};
  const keys = Object.keys(shape);
  const unknownKey = fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !keys.includes(k));
  const variants: fc.Arbitrary<unknown>[] = [
    fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.string(), fc.double(), fc.constant(null), fc.boolean()),
    fc.tuple(validOf(schema), unknownKey, fc.jsonValue()).map(([v, k, extra]) => ({ ...(v as object), [k]: extra })),
  ];
  for (const key of keys) {
    const field = shape[key] as z.ZodMiniType;
    variants.push(fc.tuple(validOf(schema), invalidOf(field)).map(([v, bad]) => ({ ...(v as object), [key]: bad })));
    if (!["optional", "default"].includes(defOf(field).type)) {
      variants.push(
        validOf(schema).map((v) => Object.fromEntries(Object.entries(v as object).filter(([k]) => k !== key))),
      );
    }
  }
  return fc.oneof(...variants);
}

/**
 * `count` distinct JSON bodies the schema refuses, reproducibly (fixed seed). `shapes`: the plain object shapes to
 * spoil, for a schema that is one of several (a quote id, or a pickup and dropoff) and so has no single shape.
 */
export function hostileBodies(schema: z.ZodMiniType, count: number, seed: number, shapes = [schema]): string[] {
  const bodies = new Set<string>();
  const arbitrary = fc.oneof(...shapes.map(invalidOf)).map((value) => JSON.stringify(value) ?? "null");
  for (let run = 0; bodies.size < count && run < 20; run++) {
    for (const text of fc.sample(arbitrary, { numRuns: count * 2, seed: seed + run })) {
      if (bodies.size < count && !schema.safeParse(JSON.parse(text)).success) bodies.add(text);
    }
  }
  return [...bodies];
}

/** True when GET /rides must refuse this query string (the schema, or the cursor, rejects it). */
export function isRefusedQuery(search: string): boolean {
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = k in query ? `${query[k]},${v}` : v;
  const parsed = ListRidesQuery().safeParse(query);
  if (!parsed.success) return true;
  try {
    if (parsed.data.cursor) Cursor.decode(parsed.data.cursor);
    return false;
  } catch {
    return true;
  }
}

/** `count` query strings for GET /rides that must be refused: bad limits, bad cursors, unknown parameters. */
export function hostileQueries(count: number, seed: number): string[] {
  const limit = fc.oneof(
    fc
      .integer({ min: -1000, max: 1000 })
      .filter((n) => n < 1 || n > 50)
      .map(String),
    fc
      .double({ min: 1, max: 50, noNaN: true })
      .filter((n) => !Number.isInteger(n))
      .map(String),
    fc.constantFrom("NaN", "Infinity", "-Infinity", "", "ten", "1,2", "5abc", "1e999"),
    fc.string({ minLength: 1, maxLength: 8 }),
  );
  const cursor = fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.string({ minLength: 201, maxLength: 300 }),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? "").toString("base64url")),
    fc
      .string({ minLength: 1, maxLength: 30 })
      .map((after) => Buffer.from(JSON.stringify({ after })).toString("base64url")),
  );
  const unknown = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }));
  const query = fc.oneof(
    limit.map((l) => new URLSearchParams({ limit: l })),
    cursor.map((c) => new URLSearchParams({ cursor: c })),
    fc.tuple(unknown, fc.integer({ min: 1, max: 50 })).map(
      ([[k, v], l]) =>
        new URLSearchParams([
          ["limit", String(l)],
          [k, v],
        ]),
    ),
  );
  const found = new Set<string>();
  for (let run = 0; found.size < count && run < 20; run++) {
    for (const q of fc.sample(query, { numRuns: count * 2, seed: seed + run })) {
      const search = q.toString();
      if (found.size < count && isRefusedQuery(search)) found.add(search);
    }
  }
  return [...found];
}
