/**
 * The OpenAPI 3.1 document of the API, generated from the route table and the same zod schemas the handlers
 * validate with, so it cannot drift from what the handlers accept. Served locally at GET /openapi.json.
 */
import { ErrorSchema } from "@wildrydes/core/rules/api-shapes";
import { idempotencyKeyPattern } from "@wildrydes/core/rules/request-bodies";
import * as z from "zod/mini";
import { routes } from "./routes";

const schema = (s: z.ZodMiniType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
const json = (s: z.ZodMiniType) => ({ content: { "application/json": { schema: schema(s) } } });
const errorResponse = { description: "Refused: see error.code", ...json(ErrorSchema) };

export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const op = route.doc;
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      })),
      ...Object.entries(op.query ?? {}).map(([name, q]) => ({ name, in: "query", required: false, ...q })),
      ...(op.idempotent
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              schema: { type: "string", pattern: idempotencyKeyPattern.source },
            },
          ]
        : []),
    ];
    const responses: Record<string, unknown> = {
      [op.success.status]: { description: "OK", ...json(op.success.schema) },
      401: { description: "Missing, expired or foreign token" },
      500: errorResponse,
      503: errorResponse,
    };
    for (const status of op.refusals) responses[status] = errorResponse;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      summary: op.summary,
      operationId: route.handler.split("/").slice(3).join("."),
      parameters,
      ...(op.request ? { requestBody: { required: true, ...json(op.request()) } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Wild Rydes API", version: "1.0.0" },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ cognito: [] }],
    components: { securitySchemes: { cognito: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
    paths,
  };
}
