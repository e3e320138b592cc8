import { ListRidesQuery, parseOrThrow } from "@wildrydes/core/rules/api-shapes";
import { RideError } from "@wildrydes/core/rules/errors";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { maxBodyBytes, type RiderRequest, riderRoute } from "./http";

const context = { awsRequestId: "req-123", functionName: "test" } as Context;

// The logger stands in for Powertools' here: what matters is whether and what http.ts asks it to write.
const { log, logger } = vi.hoisted(() => {
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  return { log, logger: vi.fn(async () => log) };
});
vi.mock("./logger", () => ({ logger }));

function event(
  body?: string,
  headers: Record<string, string> = { "content-type": "application/json" },
  queryStringParameters: Record<string, string> = { limit: "3" },
) {
  return {
    body,
    headers,
    isBase64Encoded: false,
    queryStringParameters,
    requestContext: { authorizer: { jwt: { claims: { sub: "rider-1", username: "rider-1-name" }, scopes: [] } } },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

const echoBody = riderRoute(async (request: RiderRequest) => ({ status: 201, body: request.json() }));

async function call(handler: ReturnType<typeof riderRoute>, e: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const result = await handler(e, context);
  return { status: result.statusCode, body: JSON.parse(result.body ?? "null") };
}

describe("riderRoute", () => {
  it("passes the rider's identity and query to the route and answers with its status and JSON", async () => {
    const handler = riderRoute(async (r) => ({ status: 200, body: { who: r.riderId, name: r.username, q: r.query } }));
    const { status, body } = await call(handler, event());
    expect(status).toBe(200);
    expect(body).toEqual({ who: "rider-1", name: "rider-1-name", q: { limit: "3" } });
  });

  it("answers 413 for a body over 8 KB, before parsing it", async () => {
    const { status, body } = await call(echoBody, event(`"${"x".repeat(maxBodyBytes)}"`));
    expect(status).toBe(413);
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers 415 for a body that is not JSON by its content type", async () => {
    const { status, body } = await call(
      echoBody,
      event("a=1", { "content-type": "application/x-www-form-urlencoded" }),
    );
    expect(status).toBe(415);
    expect(body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("accepts application/json with parameters or in any case, and no body without a Content-Type", async () => {
    for (const type of ["application/json; charset=utf-8", "Application/JSON", "application/json ;charset=UTF-8"]) {
      expect([type, (await call(echoBody, event('{"a":1}', { "content-type": type }))).status]).toEqual([type, 201]);
    }
    const emptyOk = riderRoute(async (request) => ({ status: 200, body: request.json({ emptyIs: {} }) }));
    expect(await call(emptyOk, event(undefined, {}))).toEqual({ status: 200, body: {} });
  });

  it("answers 415 for a body not labelled application/json: no Content-Type, text/plain, another +json type", async () => {
    const labels: Record<string, string>[] = [
      {},
      { "content-type": "text/plain;charset=UTF-8" }, // what fetch labels a string body with
      { "content-type": "application/json-patch+json" },
      { "content-type": "application/jsonx" },
    ];
    for (const headers of labels) {
      const { status, body } = await call(echoBody, event('{"a":1}', headers));
      expect([headers, status, body.error.code]).toEqual([headers, 415, "UNSUPPORTED_MEDIA_TYPE"]);
    }
  });

  it("checks the media type before the size (415 before 413), as docs/api.md orders them", async () => {
    const large = `"${"x".repeat(maxBodyBytes)}"`;
    expect((await call(echoBody, event(large, { "content-type": "text/plain" }))).status).toBe(415);
    expect((await call(echoBody, event(large))).status).toBe(413);
  });

  it("answers 400 with details for a body that is not valid JSON", async () => {
    const { status, body } = await call(echoBody, event("{not json"));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "VALIDATION_ERROR", details: [{ field: "" }] });
  });

  it("maps core's errors to their status and the API's error shape", async () => {
    const handler = riderRoute(async () => {
      throw new RideError("NO_UNICORN_AVAILABLE", "All busy.");
    });
    expect(await call(handler, event())).toEqual({
      status: 409,
      body: { error: { code: "NO_UNICORN_AVAILABLE", message: "All busy." } },
    });
  });

  const sdkError = (name: string, httpStatusCode?: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
  it.each([
    ["refused", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })],
    ["unknown host", Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" })],
    ["timed out", sdkError("TimeoutError")],
    ["throttled", sdkError("ProvisionedThroughputExceededException", 400)],
    ["request limit", sdkError("RequestLimitExceeded", 400)],
    ["internal error", sdkError("InternalServerError", 500)],
    ["unavailable", sdkError("ServiceUnavailable", 503)],
    ["throttled, wrapped", new Error("persistence failed", { cause: sdkError("ThrottlingException", 400) })],
  ])("answers 503 UNAVAILABLE when the data store is %s", async (_, failure) => {
    const handler = riderRoute(async () => {
      throw failure;
    });
    const { status, body } = await call(handler, event());
    expect(status).toBe(503);
    expect(body.error.code).toBe("UNAVAILABLE");
  });

  it("answers 500 for a store error that retrying will not fix", async () => {
    const handler = riderRoute(async () => {
      throw sdkError("ValidationException", 400);
    });
    expect((await call(handler, event())).status).toBe(500);
  });

  it("answers 500 INTERNAL with the request id as reference for a bug, without leaking its message", async () => {
    const handler = riderRoute(async () => {
      throw new TypeError("secret internals");
    });
    const { status, body } = await call(handler, event());
    expect(status).toBe(500);
    expect(body.error.code).toBe("INTERNAL");
    expect(body.error.message).toContain("req-123");
    expect(body.error.message).not.toContain("secret");
  });
});

describe("logging", () => {
  it("writes no line for a refusal (the access log has its status), and one with the reference for a bug", async () => {
    const refusing = riderRoute(async () => {
      throw new RideError("NOT_FOUND", "You have no ride in progress.");
    });
    const failing = riderRoute(async () => {
      throw new TypeError("a bug");
    });
    log.error.mockClear();
    logger.mockClear();
    await call(refusing, event());
    expect(logger).not.toHaveBeenCalled(); // not even loaded: a refusal is the everyday answer of a polled route
    await call(failing, event());
    expect(log.error).toHaveBeenCalledWith("unexpected failure", expect.objectContaining({ reference: "req-123" }));
  });
});

describe("query parameters (GET /rides)", () => {
  const list = riderRoute(async (request) => ({
    status: 200,
    body: await parseOrThrow(ListRidesQuery, request.query, "query"),
  }));

  it("ignores unknown parameters, so a cache buster does not break a page", async () => {
    expect(await call(list, event(undefined, {}, { limit: "5", _: "1712345678901" }))).toEqual({
      status: 200,
      body: { limit: 5 },
    });
    expect((await call(list, event(undefined, {}, { utm_source: "mail", "a[b]": "c" }))).body).toEqual({ limit: 20 });
  });

  it("validates the known ones: 400 VALIDATION_ERROR naming the parameter", async () => {
    for (const limit of ["abc", "0", "51", "5.5", "0x10", "1e1", " 5", "", "5,6", "-1"]) {
      const { status, body } = await call(list, event(undefined, {}, { limit, _: "1" }));
      expect([limit, status, body.error.code, body.error.details?.[0]?.field]).toEqual([
        limit,
        400,
        "VALIDATION_ERROR",
        "limit",
      ]);
    }
    expect((await call(list, event(undefined, {}, { cursor: "" }))).status).toBe(400);
  });
});
