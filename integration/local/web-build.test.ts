import { describe, expect, it } from "vitest";
import { webBuildEnv, webBuildHash } from "../../local/src/site/web-build";
import { endpointsFor } from "../../local/src/stack";

const endpoints = endpointsFor({ web: 3000, api: 3001, cognito: 9229, dynamodb: 8000 });

describe("web build cache key", () => {
  it("bakes in the pool and site-relative API, Cognito and live-events paths, never a port", () => {
    expect(webBuildEnv(endpoints)).toEqual({
      NEXT_PUBLIC_API_URL: "/api",
      NEXT_PUBLIC_REGION: "us-east-1",
      NEXT_PUBLIC_USER_POOL_ID: "us-east-1_LocalPool1",
      NEXT_PUBLIC_USER_POOL_CLIENT_ID: "wildrydeslocalwebclient000",
      NEXT_PUBLIC_COGNITO_ENDPOINT: "/cognito",
      NEXT_PUBLIC_EVENTS_URL: "/event",
    });
  });

  it("is the same build whatever the ports, and changes with the public env", () => {
    const other = endpointsFor({ web: 3111, api: 3112, cognito: 3113, dynamodb: 3114 });
    const env = webBuildEnv(endpoints);
    expect(webBuildHash(webBuildEnv(other))).toBe(webBuildHash(env));
    expect(webBuildHash(env)).not.toBe(webBuildHash({ ...env, NEXT_PUBLIC_USER_POOL_CLIENT_ID: "another" }));
  });

  it("lists where the browser reaches the API and Cognito through the site", () => {
    expect(endpoints).toMatchObject({
      webUrl: "http://127.0.0.1:3000",
      apiUrl: "http://127.0.0.1:3001",
      siteApiUrl: "http://127.0.0.1:3000/api",
      cognitoEndpoint: "http://127.0.0.1:9229",
      siteCognitoEndpoint: "http://127.0.0.1:3000/cognito",
    });
  });
});
