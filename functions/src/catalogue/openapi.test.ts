import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { routes } from "./routes";

describe("the OpenAPI document", () => {
  const doc = openApiDocument("http://127.0.0.1:3001");

  it("describes exactly the routes of the route table", () => {
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(described.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of routes) expect(route.doc.summary, route.path).not.toBe("");
  });

  it("carries the request schemas the handlers validate with, strict about unknown fields", () => {
    interface JsonSchema {
      required?: string[];
      additionalProperties?: boolean;
      properties: Record<string, JsonSchema & Record<string, unknown>>;
    }
    const bodyOf = (path: string) => {
      const post = doc.paths[path]?.post as { requestBody: { content: Record<string, { schema: JsonSchema }> } };
      return post.requestBody.content["application/json"]?.schema as JsonSchema;
    };
    const quote = bodyOf("/quotes");
    expect(quote.required).toEqual(["pickup", "dropoff"]);
    expect(quote.additionalProperties).toBe(false);
    expect(quote.properties.pickup?.properties.latitude).toMatchObject({ type: "number", minimum: -90, maximum: 90 });
    expect(bodyOf("/rides").additionalProperties).toBe(false);
  });

  it("is OpenAPI 3.1 with a bearer security scheme", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.cognito).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
