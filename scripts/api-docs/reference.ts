/**
 * The generated part of docs/api.md: operations, parameters and schemas rendered from the OpenAPI document, so the
 * prose reference cannot drift from what the handlers accept. `npx tsx scripts/api-docs/main.ts` rewrites the block.
 */

import { isDeepStrictEqual } from "node:util";
import * as schemas from "@wildrydes/core/rules/api-shapes";
import type { openApiDocument } from "../../functions/src/catalogue/openapi";
import { routes } from "../../functions/src/catalogue/routes";

export const startMarker = "<!-- openapi:start -->";
export const endMarker = "<!-- openapi:end -->";

type Document = ReturnType<typeof openApiDocument>;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  summary: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

/** The export name of each zod schema in core/src/rules/api-shapes.ts, so the doc names what a reader can grep for. */
const names = new Map<unknown, string>(Object.entries(schemas).map(([name, value]) => [value, name]));

function nameOf(schema: unknown, what: string): string {
  const name = names.get(schema);
  if (!name) throw new Error(`${what}: its schema is not an export of core/src/rules/api-shapes.ts`);
  return name;
}

/** A code span that survives a table cell: GFM splits cells on every unescaped pipe. */
const code = (text: string | number) => `\`${String(text).replaceAll("|", "\\|")}\``;
const link = (name: string) => `[${code(name)}](#${name.toLowerCase()})`;
const bodyOf = (content?: Record<string, { schema: JsonSchema }>) => content?.["application/json"]?.schema;

/** `{ $schema, ...rest }` -> rest: the same schema whether it stands alone or nested. */
function bare(schema: JsonSchema): JsonSchema {
  const { $schema: _, ...rest } = schema as JsonSchema & { $schema?: string };
  return rest;
}

function typeOf(s: JsonSchema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(" \\| ");
  if (s.enum) return s.enum.map((v) => code(JSON.stringify(v))).join(" \\| ");
  if (s.type === "array") return `array of ${s.items ? typeOf(s.items) : "any"}`;
  const limits: string[] = [];
  if (s.format) limits.push(s.format);
  else if (s.pattern) limits.push(`matching ${code(s.pattern)}`);
  const max = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
  if (s.minimum !== undefined && max !== undefined) limits.push(`${s.minimum} to ${max}`);
  else if (s.minimum !== undefined) limits.push(`≥ ${s.minimum}`);
  else if (max !== undefined) limits.push(`≤ ${max}`);
  if (s.minLength !== undefined || s.maxLength !== undefined) {
    limits.push(`length ${s.minLength ?? 0} to ${s.maxLength ?? "any"}`);
  }
  if (s.type === "object" && s.additionalProperties === false) limits.push("no other fields");
  const type = Array.isArray(s.type) ? s.type.join(" \\| ") : (s.type ?? "any");
  return [type, ...limits.map((l) => `(${l})`)].join(" ");
}

/** One row per field, nested fields as dotted paths; a nested schema that is itself named is linked, not repeated. */
function fieldRows(schema: JsonSchema, named: Map<string, JsonSchema>, self: string, prefix = ""): string[] {
  const rows: string[] = [];
  for (const [field, property] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${field}`;
    const required = schema.required?.includes(field) ? "yes" : "no";
    const item = property.type === "array" ? property.items : undefined;
    const namedItem = item && [...named].find(([name, s]) => name !== self && isDeepStrictEqual(s, item))?.[0];
    const type = namedItem ? `array of ${link(namedItem)}` : typeOf(property);
    rows.push(`| ${code(path)} | ${type} | ${required} |`);
    if (namedItem) continue;
    if (property.properties) rows.push(...fieldRows(property, named, self, `${path}.`));
    if (item?.properties) rows.push(...fieldRows(item, named, self, `${path}[].`));
  }
  return rows;
}

/** The markdown between the markers of docs/api.md, from the OpenAPI document as it is generated now. */
export function renderApiReference(document: Document): string {
  const named = new Map<string, JsonSchema>();
  const ops: string[] = [
    "| method | path | summary | request body | success | other statuses |",
    "|---|---|---|---|---|---|",
  ];
  const params: string[] = ["| operation | name | in | required | type | description |", "|---|---|---|---|---|---|"];
  const errorName = nameOf(schemas.ErrorSchema, "error responses");
  const bodiless = new Set<string>();
  let errorBody: JsonSchema | undefined;
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as Operation;
      const key = `${method.toUpperCase()} ${path}`;
      const source = routes.find((route) => `${route.method} ${route.path}` === key)?.doc;
      if (!source) throw new Error(`${key} is in the OpenAPI document but not in the route table`);
      const [success, ...others] = Object.keys(op.responses).sort();
      if (!success) throw new Error(`${key} has no responses`);
      let request = "—";
      if (op.requestBody) {
        const requestName = nameOf(source.request, `${key} request body`);
        named.set(requestName, bare(bodyOf(op.requestBody.content) ?? {}));
        request = `${link(requestName)}${op.requestBody.required ? "" : " (optional)"}`;
      }
      const successName = nameOf(source.success.schema, `${key} ${success}`);
      named.set(successName, bare(bodyOf(op.responses[success]?.content) ?? {}));
      for (const status of others) {
        const body = bodyOf(op.responses[status]?.content);
        if (!body) bodiless.add(status);
        else errorBody ??= bare(body);
      }
      ops.push(
        `| ${method.toUpperCase()} | ${code(path)} | ${op.summary} | ${request} | ${success} ${link(successName)} | ${others.join(", ")} |`,
      );
      for (const p of op.parameters) {
        const required = p.required ? "yes" : "no";
        params.push(
          `| ${method.toUpperCase()} ${code(path)} | ${code(p.name)} | ${p.in} | ${required} | ${typeOf(p.schema)} | ${p.description ?? ""} |`,
        );
      }
    }
  }
  if (errorBody) named.set(errorName, errorBody);
  const sections = [...named].map(([name, schema]) =>
    [`#### ${code(name)}`, "", "| field | type | required |", "|---|---|---|", ...fieldRows(schema, named, name)].join(
      "\n",
    ),
  );
  return [
    `<!-- Generated from the OpenAPI document (functions/src/catalogue/openapi.ts) by \`npx tsx scripts/api-docs/main.ts\`; do not edit by hand. -->`,
    "",
    "### Operations",
    "",
    `Every operation needs a Cognito JWT (security scheme ${code(Object.keys(document.components.securitySchemes).join(", "))}, HTTP bearer). Other statuses answer with ${link(errorName)}, except ${[...bodiless].join(", ")} (the gateway answers).`,
    "",
    ...ops,
    "",
    "### Parameters",
    "",
    ...params,
    "",
    "### Schemas",
    "",
    `Names are the exports of ${code("core/src/rules/api-shapes.ts")}; request bodies are strict (unknown fields are a 400).`,
    "",
    sections.join("\n\n"),
  ].join("\n");
}

/** The text between the two markers, or null when a marker is missing. */
export function generatedBlock(markdown: string): string | null {
  const start = markdown.indexOf(startMarker);
  const end = markdown.indexOf(endMarker);
  if (start < 0 || end < start) return null;
  return markdown.slice(start + startMarker.length, end).trim();
}

/** `markdown` with the block between the markers replaced by `block`. */
export function withGeneratedBlock(markdown: string, block: string): string {
  const start = markdown.indexOf(startMarker);
  const end = markdown.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`docs/api.md needs the markers ${startMarker} and ${endMarker}`);
  return `${markdown.slice(0, start + startMarker.length)}\n${block}\n${markdown.slice(end)}`;
}
