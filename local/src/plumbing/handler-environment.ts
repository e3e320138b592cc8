/**
 * What the handlers and core read when they run on this machine: linked resources as SST_RESOURCE_*, DynamoDB Local's
 * endpoint, a region and dummy keys. One definition for the local stack and the bench.
 */

/** DynamoDB Local rejects access keys with anything but letters and digits. */
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" } as const;

export interface HandlerEnvironmentOptions {
  tableName: string;
  dynamodbEndpoint: string;
  region: string;
  stage: string;
  /** The Event API stand-in (`Resource.Live`), for the publishers; none where nothing listens. */
  live?: { httpUrl: string; realtimeUrl: string } | null;
  /** Lambda's durable-function API stand-in (local/src/orchestrator), where the offer chain runs. */
  lambdaUrl?: string;
  /** Amazon Data Firehose's stand-in (local/src/lake/firehose.ts), where the lake's subscriber sends ride changes. */
  firehoseUrl?: string;
  /** Athena's stand-in (local/src/lake/athena.ts), where GET /ops/metrics runs its queries. */
  athenaUrl?: string;
}

/** The lake's query side as its link names it (`Resource.LakeQueries`), here and in the stand-in. */
export const localLakeQueries = { workgroup: "wildrydes-local-lake", database: "wildrydes_local_lake" } as const;

/** The lake's delivery stream as its link names it (`Resource.Lake`), here and in the stand-in. */
export const localDeliveryStream = "wildrydes-local-ride-changes";

/** The offer chain's function as its link names it (`Resource.OfferChain`), here and in the stand-in. */
export const localOfferChain = { name: "wildrydes-local-OfferChain", qualifier: "$LATEST" } as const;

export function handlerEnvironment(o: HandlerEnvironmentOptions): Record<string, string> {
  return {
    ...(o.live ? { SST_RESOURCE_Live: JSON.stringify({ ...o.live, type: "sst.sst.Linkable" }) } : {}),
    ...(o.lambdaUrl
      ? {
          SST_RESOURCE_OfferChain: JSON.stringify({ ...localOfferChain, type: "sst.aws.Workflow" }),
          AWS_ENDPOINT_URL_LAMBDA: o.lambdaUrl,
        }
      : {}),
    ...(o.firehoseUrl
      ? {
          SST_RESOURCE_Lake: JSON.stringify({ deliveryStream: localDeliveryStream, type: "sst.sst.Linkable" }),
          AWS_ENDPOINT_URL_FIREHOSE: o.firehoseUrl,
        }
      : {}),
    ...(o.athenaUrl
      ? {
          SST_RESOURCE_LakeQueries: JSON.stringify({ ...localLakeQueries, type: "sst.sst.Linkable" }),
          AWS_ENDPOINT_URL_ATHENA: o.athenaUrl,
          // The local lake is flushed every 10 s: no minute-long cache in front of it.
          OPS_METRICS_CACHE_SECONDS: "0",
        }
      : {}),
    SST_RESOURCE_Table: JSON.stringify({ name: o.tableName, type: "sst.aws.Dynamo" }),
    SST_RESOURCE_App: JSON.stringify({ name: "wildrydes", stage: o.stage }),
    AWS_ENDPOINT_URL_DYNAMODB: o.dynamodbEndpoint,
    AWS_REGION: o.region,
    AWS_DEFAULT_REGION: o.region,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    // The SDK's "Node 22 will be required" notice says nothing about the local stack; keep the terminal readable.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** Sets that environment on this process (handlers imported here read it), dropping any real AWS session. */
export function useHandlerEnvironment(o: HandlerEnvironmentOptions): void {
  Object.assign(process.env, handlerEnvironment(o));
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}
