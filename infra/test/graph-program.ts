/**
 * Runs inside the child process that graph-harness.ts bundles: sst.config.ts's program under Pulumi mocks,
 * with a loopback stand-in for the SST CLI's JSON-RPC server (SST_SERVER). Writes what was declared as JSON.
 * Nothing here is imported by the app; it leans on SST 4.17.1 internals (docs/architecture.md, "Testing the cloud offline").
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";

const account = "123456789012";
// GRAPH_DEBUG=1 traces each step to stderr, for when a run hangs.
const debug = process.env.GRAPH_DEBUG ? (...parts: unknown[]) => console.error("[graph]", ...parts) : () => {};
const region = "us-east-1";
/** What the mocked DescribeKey answers for the map's API key. */
export const mapKeyValue = "v1.public.mock-map-key";

/** The slice of @pulumi/pulumi this file uses (the real module lives in .sst/platform/node_modules). */
interface PulumiRuntime {
  runtime: {
    setMocks(
      mocks: {
        newResource(args: { type: string; name: string; inputs: Record<string, unknown>; custom?: boolean }): {
          id: string;
          state: Record<string, unknown>;
        };
        call(args: { token: string; inputs: Record<string, unknown> }): Record<string, unknown>;
      },
      project: string,
      stack: string,
      preview?: boolean,
    ): Promise<void>;
    runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
    disconnect(): Promise<void>;
  };
}

interface SstConfig {
  app(input: { stage: string }): unknown;
  run(): Promise<unknown>;
}

export interface GraphResource {
  type: string;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
}

export interface GraphBuild {
  functionID: string;
  handler: string;
  links: Record<string, unknown>;
  runtime: string;
  properties: Record<string, unknown>;
}

export interface GraphResult {
  stage: string;
  app: Record<string, unknown>;
  outputs: Record<string, unknown>;
  resources: GraphResource[];
  calls: { token: string; answered: boolean }[];
  builds: GraphBuild[];
  rpc: string[];
  errors: string[];
}

/** Fills in the outputs a real provider would compute, shaped like AWS's, so interpolations look real. */
export function providerOutputs(type: string, name: string, id: string, inputs: Record<string, unknown>) {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${account}:${resource}`;
  switch (type) {
    case "aws:apigatewayv2/api:Api":
      return {
        apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
        executionArn: arn("execute-api", id),
        arn: `arn:aws:apigateway:${region}::/apis/${id}`,
      };
    case "aws:dynamodb/table:Table": {
      const tableArn = arn("dynamodb", `table/${inputs.name ?? name}`);
      return { arn: tableArn, streamArn: `${tableArn}/stream/2024-01-01T00:00:00.000` };
    }
    case "aws:cognito/userPool:UserPool":
      return { arn: arn("cognito-idp", `userpool/${id}`), endpoint: `cognito-idp.${region}.amazonaws.com/${id}` };
    case "aws:cloudfront/distribution:Distribution":
      return { arn: `arn:aws:cloudfront::${account}:distribution/${id}`, domainName: `${id}.cloudfront.net` };
    case "aws:s3/bucketV2:BucketV2":
    case "aws:s3/bucket:Bucket": {
      const bucket = String(inputs.bucket ?? name.toLowerCase());
      return {
        bucket,
        arn: `arn:aws:s3:::${bucket}`,
        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
      };
    }
    case "aws:lambda/function:Function": {
      // AWS names an unnamed function after its logical name; a published one (a workflow's) is at version 1.
      const functionArn = arn("lambda", `function:${inputs.name ?? name}`);
      const version = inputs.publish ? "1" : "$LATEST";
      const invokeArn = (target: string) => `arn:aws:apigateway:${region}:lambda:path/functions/${target}/invocations`;
      return {
        name: inputs.name ?? name,
        arn: functionArn,
        invokeArn: invokeArn(arn("lambda", `function:${name}`)),
        version,
        qualifiedArn: `${functionArn}:${version}`,
        qualifiedInvokeArn: invokeArn(`${functionArn}:${version}`),
      };
    }
    case "aws:acm/certificate:Certificate":
      return {
        arn: arn("acm", `certificate/${id}`),
        domainValidationOptions: [
          {
            domainName: inputs.domainName,
            resourceRecordName: `_x.${inputs.domainName}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: "_y.acm-validations.aws.",
          },
        ],
      };
    case "aws:sqs/queue:Queue": {
      const queue = String(inputs.name ?? name);
      return { arn: arn("sqs", queue), url: `https://sqs.${region}.amazonaws.com/${account}/${queue}` };
    }
    case "aws:sns/topic:Topic":
      return { arn: arn("sns", String(inputs.name ?? name)) };
    case "pulumi-nodejs:dynamic:Resource":
      return { zoneId: "Z0MOCKZONE" };
    case "aws:cloudcontrol/resource:Resource": {
      // Cloud Control answers the desired state plus the type's read-only properties (never an API key's value).
      const desired = JSON.parse(String(inputs.desiredState ?? "{}"));
      const resourceArn = arn("geo", `api-key/${desired.KeyName ?? name}`);
      const created = { Arn: resourceArn, KeyArn: resourceArn, CreateTime: "2024-01-01T00:00:00.000Z" };
      return { identifier: desired.KeyName ?? id, properties: JSON.stringify({ ...desired, ...created }) };
    }
    case "aws:appsync/api:Api": {
      // AWS's Event API ids are lowercase letters and digits; its domains are named after the id.
      const apiId = id.toLowerCase().replace(/[^a-z0-9]/g, "");
      return {
        apiId,
        apiArn: arn("appsync", `apis/${apiId}`),
        dns: {
          HTTP: `${apiId}.appsync-api.${region}.amazonaws.com`,
          REALTIME: `${apiId}.appsync-realtime-api.${region}.amazonaws.com`,
        },
      };
    }
    case "aws:appsync/channelNamespace:ChannelNamespace":
      return { channelNamespaceArn: arn("appsync", `apis/${inputs.apiId}/channelNamespace/${inputs.name ?? name}`) };
    case "aws:lambda/invocation:Invocation":
      return { result: JSON.stringify({ key: mapKeyValue }) };
    default:
      return { arn: arn("mock", `${type.split(":")[1]}/${name}`) };
  }
}

function policyDocument(inputs: Record<string, unknown>) {
  const statements = (inputs.statements ?? []) as Record<string, unknown>[];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((statement) => ({
      Effect: statement.effect ?? "Allow",
      Action: statement.actions,
      Resource: statement.resources,
      ...(statement.principals ? { Principal: statement.principals } : {}),
      ...(statement.conditions ? { Condition: statement.conditions } : {}),
    })),
  });
}

/** CloudFront's managed policies, by name, with the ids AWS documents for them. */
export const managedPolicyIds: Record<string, string> = {
  "Managed-CachingDisabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "Managed-CachingOptimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
  "Managed-AllViewerExceptHostHeader": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
};

function answerCall(token: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com`, description: "US East" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { id: account, accountId: account, arn: `arn:aws:iam::${account}:user/ci`, userId: "AIDAMOCK" };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      // The real data source echoes its inputs; SST reads `statements` back to decide on an inline policy.
      return { ...inputs, id: "policy", json: policyDocument(inputs) };
    case "aws:cloudfront/getCachePolicy:getCachePolicy":
    case "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy": {
      // An unknown name stays unanswered, as the real lookup would fail.
      const id = managedPolicyIds[String(inputs.name)];
      return id ? { ...inputs, id } : undefined;
    }
    case "aws:route53/getZone:getZone":
      return { id: "Z0MOCKZONE", zoneId: "Z0MOCKZONE", name: inputs.name ?? "example.com" };
    default:
      return undefined;
  }
}

/** Handler "functions/src/handlers/rides/request.handler" -> the module file on disk, if any. */
function handlerFile(repoRoot: string, handler: string): string | undefined {
  const base = handler.slice(0, handler.lastIndexOf("."));
  return [".ts", ".mts", ".js", ".mjs"].map((ext) => join(repoRoot, base + ext)).find((file) => existsSync(file));
}

/** The CLI side of SST's JSON-RPC: builds are recorded and answered with a stub bundle. */
function startRpcServer(result: GraphResult, repoRoot: string, workDir: string): Promise<Server> {
  const answer = (method: string, args: Record<string, unknown>): unknown => {
    switch (method) {
      case "Runtime.Build": {
        const handler = String(args.handler);
        result.builds.push({
          functionID: String(args.functionID),
          handler,
          links: (args.links ?? {}) as Record<string, unknown>,
          runtime: String(args.runtime),
          properties: (args.properties ?? {}) as Record<string, unknown>,
        });
        if (!handlerFile(repoRoot, handler)) {
          return { handler: "", out: "", errors: [`Handler file for "${handler}" not found`], sourcemaps: [] };
        }
        const out = join(workDir, "builds", String(args.functionID));
        mkdirSync(out, { recursive: true });
        writeFileSync(join(out, "index.mjs"), "export const handler = async () => ({ statusCode: 200 });\n");
        return { handler: "index.handler", out, errors: [], sourcemaps: [] };
      }
      case "Provider.Aws.Bootstrap":
        return {
          asset: "sst-asset-mock",
          assetEcrRegistryId: account,
          assetEcrUrl: `${account}.dkr.ecr.${region}.amazonaws.com/sst-asset`,
          state: "sst-state-mock",
          appsyncHttp: "mock.appsync-api.amazonaws.com",
          appsyncRealtime: "mock.appsync-realtime-api.amazonaws.com",
        };
      case "Provider.Aws.Appsync":
        return { http: "mock.appsync-api.amazonaws.com", realtime: "mock.appsync-realtime-api.amazonaws.com" };
      case "Runtime.AddTarget":
        return {};
      default:
        throw new Error(`rpc: can't find method ${method}`);
    }
  };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const { method, params } = JSON.parse(body) as { method: string; params: Record<string, unknown>[] };
      result.rpc.push(method);
      debug("rpc", method);
      let reply: unknown;
      try {
        reply = { result: answer(method, params[0] ?? {}), error: null };
      } catch (error) {
        reply = { result: null, error: (error as Error).message };
      }
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify(reply));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export async function runGraph(options: {
  pulumi: PulumiRuntime;
  run: (program: () => Promise<unknown>) => Promise<unknown>;
  config: SstConfig;
}): Promise<void> {
  const stage = process.env.GRAPH_STAGE ?? "dev";
  const repoRoot = process.env.GRAPH_REPO_ROOT ?? process.cwd();
  const cli = (globalThis as unknown as { $cli: { paths: { work: string } } }).$cli;
  const app = (globalThis as unknown as { $app: Record<string, unknown> }).$app;
  const result: GraphResult = { stage, app, outputs: {}, resources: [], calls: [], builds: [], rpc: [], errors: [] };
  process.on("unhandledRejection", (error) => result.errors.push(String((error as Error)?.stack ?? error)));

  debug("start", stage);
  // $app is what the CLI derives from app(): its answer plus the stage.
  Object.assign(app, await options.config.app({ stage }), { stage });
  const server = await startRpcServer(result, repoRoot, cli.paths.work);
  const address = server.address();
  process.env.SST_SERVER = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  debug("app", app);
  const { pulumi } = options;
  await pulumi.runtime.setMocks(
    {
      newResource({ type, name, inputs }) {
        const id = type === "aws:cognito/userPool:UserPool" ? `${region}_Mock${name.replace(/\W/g, "")}` : `${name}-id`;
        result.resources.push({ type, name, id, inputs });
        debug("resource", type, name);
        return { id, state: { ...inputs, ...providerOutputs(type, name, id, inputs) } };
      },
      call({ token, inputs }) {
        const answer = answerCall(token, inputs);
        result.calls.push({ token, answered: answer !== undefined });
        debug("call", token, answer !== undefined);
        return answer ?? {};
      },
    },
    String(app.name),
    stage,
    false,
  );
  try {
    const outputs = await pulumi.runtime.runInPulumiStack(() => options.run(options.config.run));
    result.outputs = (outputs ?? {}) as Record<string, unknown>;
    await pulumi.runtime.disconnect();
  } catch (error) {
    result.errors.push(String((error as Error)?.stack ?? error));
  }
  server.close();
  writeFileSync(String(process.env.GRAPH_OUT), JSON.stringify(result, null, 2));
  // Pulumi keeps handles open in mock mode; the result is on disk, so leave now.
  process.exit(0);
}

/** Reads a result written by a child run. */
export function readGraphResult(file: string): GraphResult {
  return JSON.parse(readFileSync(file, "utf8")) as GraphResult;
}
