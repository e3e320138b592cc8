import { describe, expect, it } from "vitest";
import { endpointsFor } from "../src/stack";
import { webBuildEnv, webBuildHash } from "../src/web-build";

const endpoints = endpointsFor({ web: 3000, api: 3001, cognito: 9229, dynamodb: 8000 });

describe("web build cache key", () => {
  it("bakes the local endpoints into the build's public env", () => {
    expect(webBuildEnv(endpoints)).toEqual({
      NEXT_PUBLIC_API_URL: "http://127.0.0.1:3001",
      NEXT_PUBLIC_REGION: "us-east-1",
      NEXT_PUBLIC_USER_POOL_ID: "us-east-1_LocalPool1",
      NEXT_PUBLIC_USER_POOL_CLIENT_ID: "wildrydeslocalwebclient000",
      NEXT_PUBLIC_COGNITO_ENDPOINT: "http://127.0.0.1:9229",
    });
  });

  it("is stable for the same endpoints and changes with them", () => {
    const env = webBuildEnv(endpoints);
    expect(webBuildHash(env)).toBe(webBuildHash({ ...env }));
    expect(webBuildHash(env)).not.toBe(webBuildHash({ ...env, NEXT_PUBLIC_API_URL: "http://127.0.0.1:4001" }));
  });
});
