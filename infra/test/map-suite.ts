/**
 * The cloud map's credential (infra/map.ts), asserted on a declared graph: graph.test.ts calls this once per stage.
 * The key is a Cloud Control resource whose desired state is JSON; its value comes from a deploy-time DescribeKey.
 */
import { expect, it } from "vitest";
import { locationOrigins } from "../../core/src/site/location-origins";
import { policyToHeaders, type ResponseHeadersPolicyConfig } from "../response-headers";
import type { GraphResult } from "./graph-harness";
import { mapKeyValue } from "./graph-program";
import { all, eventApiOf, named, one, roleOf, statements } from "./graph-queries";

interface ApiKey {
  KeyName: string;
  Description: string;
  NoExpiry: boolean;
  ExpireTime?: string;
  Restrictions: { AllowActions: string[]; AllowResources: string[]; AllowReferers: string[] };
}

function apiKeys(graph: GraphResult) {
  return all(graph, "aws:cloudcontrol/resource:Resource").filter((r) => r.inputs.typeName === "AWS::Location::APIKey");
}

const keyOf = (graph: GraphResult) => JSON.parse(String(apiKeys(graph)[0]?.inputs.desiredState)) as ApiKey;

export function mapTests(graph: () => GraphResult): void {
  it("declares one Amazon Location API key, named for the app and stage, that never expires", () => {
    expect(apiKeys(graph())).toHaveLength(1);
    const key = keyOf(graph());
    expect(key.KeyName).toBe(`wildrydes-${graph().stage}-map`);
    expect(key.NoExpiry).toBe(true);
    expect(key.ExpireTime).toBeUndefined();
  });

  it("lets the key read map tiles and look up places, on AWS's default providers in the stage's region only", () => {
    const { Restrictions } = keyOf(graph());
    expect([...Restrictions.AllowActions].sort()).toEqual([
      "geo-maps:GetTile",
      "geo-places:ReverseGeocode",
      "geo-places:Suggest",
    ]);
    expect(Restrictions.AllowResources.sort()).toEqual([
      "arn:aws:geo-maps:us-east-1::provider/default",
      "arn:aws:geo-places:us-east-1::provider/default",
    ]);
  });

  it("accepts the key from the site's own pages only", () => {
    const { Restrictions } = keyOf(graph());
    expect(Restrictions.AllowReferers).toEqual([`${graph().outputs.site}/*`]);
    expect(Restrictions.AllowReferers.join(" ")).not.toMatch(/\*\.|\/\/\*|localhost/);
  });

  it("reads the key's value once at deploy time, with a role that may describe this key and nothing else", () => {
    const reader = named(graph(), "aws:lambda/function:Function", "MapKeyReader");
    const invocation = one(graph(), "aws:lambda/invocation:Invocation");
    expect(invocation.inputs.functionName).toBe(reader.name);
    expect(JSON.parse(String(invocation.inputs.input))).toEqual({ keyName: keyOf(graph()).KeyName });
    const role = named(graph(), "aws:iam/role:Role", "MapKeyReaderRole");
    expect(roleOf(graph(), reader.inputs.role)).toBe(role);
    const keyArn = `arn:aws:geo:us-east-1:123456789012:api-key/${keyOf(graph()).KeyName}`;
    expect(statements(role)).toEqual([{ Effect: "Allow", Action: ["geo:DescribeKey"], Resource: [keyArn] }]);
  });

  it("bakes the key's value into the site's build", () => {
    const builder = one(graph(), "command:local:Command");
    expect((builder.inputs.environment as Record<string, string>).NEXT_PUBLIC_MAP_API_KEY).toBe(mapKeyValue);
  });

  it("lets the site's pages connect to Amazon Location's map and places origins, and nothing else new", () => {
    const policy = one(graph(), "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
    const csp = policyToHeaders(policy.inputs as unknown as ResponseHeadersPolicyConfig)["Content-Security-Policy"];
    const connect = csp?.split(";").find((directive) => directive.trim().startsWith("connect-src"));
    // Then live push's Event API (live-suite.ts, edge-suite.ts), by its exact domains.
    const { apiId } = eventApiOf(graph());
    expect(connect?.trim().split(/\s+/)).toEqual([
      "connect-src",
      "'self'",
      "https://cognito-idp.us-east-1.amazonaws.com",
      "https://maps.geo.us-east-1.amazonaws.com",
      "https://places.geo.us-east-1.amazonaws.com",
      `https://${apiId}.appsync-api.us-east-1.amazonaws.com`,
      `wss://${apiId}.appsync-realtime-api.us-east-1.amazonaws.com`,
    ]);
    expect(locationOrigins("us-east-1")).toEqual(connect?.trim().split(/\s+/).slice(3, 5));
    // Tiles, glyphs and sprites are fetched: nothing from Amazon Location is loaded as an image.
    expect(csp).not.toMatch(/img-src[^;]*amazonaws/);
  });
}
