/** Request schemas: the handlers validate with these, and the OpenAPI document is generated from them. */
import { z } from "zod";
import { type FieldProblem, RideError } from "./errors";

export const LocationSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const RequestRideBody = z.strictObject({ pickup: LocationSchema });

export const ListRidesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

/** Parses `value` or throws a VALIDATION_ERROR naming each field that is wrong. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = "request"): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: FieldProblem[] = result.error.issues.map((issue) => ({
    field: [...issue.path, ...("keys" in issue ? [issue.keys.join(",")] : [])].join("."),
    problem: issue.message,
  }));
  throw new RideError("VALIDATION_ERROR", `The ${what} is not valid: ${details[0]?.field || "body"} — ${details[0]?.problem}.`, details);
}
