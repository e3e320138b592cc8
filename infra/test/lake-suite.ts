/**
 * The ride-events lake (infra/lake.ts), asserted on a declared graph: graph.test.ts calls this once per stage. Two
 * private, encrypted, TLS-only buckets (the lake, its ride changes to infrequent access after 30 days; Athena's
 * results, gone after 7), a Glue table of core/src/lake/ride-change.ts's columns with projected day partitions, a
 * DirectPut Firehose stream converting JSON to Parquet with that table's schema under its own narrow role, and an
 * Athena workgroup that enforces where results go and how much a query may scan. Only RideLake (it links Lake) may
 * put to the stream; only the routes that link LakeQueries (GET /ops/metrics) may query, and read the lake.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { rideChangeColumns } from "../../core/src/lake/ride-change";
import { routes } from "../../functions/src/catalogue/routes";
import { subscriptions } from "../../functions/src/catalogue/subscriptions";
import type { GraphResource, GraphResult } from "./graph-harness";
import { all, arnOf, named, one, outputsOf, roleOf, type Statement, statements } from "./graph-queries";
import { repoRoot } from "./platform";

const account = "123456789012";
const region = "us-east-1";
const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

/** The subscribers and routes that link each of the lake's linkables, by their tables' entries. */
const lakeWriters = subscriptions.filter((entry) => (entry.link as readonly string[]).includes("Lake"));
const lakeQueriers = routes.filter((route) => (route.link as readonly string[]).includes("LakeQueries"));

const bucketOf = (graph: GraphResult, component: string) => {
  const bucket = named(graph, "aws:s3/bucket:Bucket", `${component}Bucket`);
  const name = String(outputsOf(bucket).bucket);
  return { bucket, name, arn: `arn:aws:s3:::${name}` };
};
const lakeBucket = (graph: GraphResult) => bucketOf(graph, "LakeData");
const resultsBucket = (graph: GraphResult) => bucketOf(graph, "LakeResults");

/** The one resource of `type` configuring bucket `name`. */
function onBucket(graph: GraphResult, type: string, name: string): GraphResource {
  const found = all(graph, type).filter((resource) => resource.inputs.bucket === name);
  if (found.length !== 1) throw new Error(`expected one ${type} on ${name}, found ${found.length}`);
  return found[0] as GraphResource;
}

const database = (graph: GraphResult) => one(graph, "aws:glue/catalogDatabase:CatalogDatabase");
const table = (graph: GraphResult) => one(graph, "aws:glue/catalogTable:CatalogTable");
const stream = (graph: GraphResult) => one(graph, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
const workgroup = (graph: GraphResult) => one(graph, "aws:athena/workgroup:Workgroup");

const streamArn = (graph: GraphResult) =>
  `arn:aws:firehose:${region}:${account}:deliverystream/${stream(graph).inputs.name}`;
const workgroupArn = (graph: GraphResult) =>
  `arn:aws:athena:${region}:${account}:workgroup/${workgroup(graph).inputs.name}`;
/** A Glue read is authorized on the catalog, the database and the table. */
const glueArns = (graph: GraphResult) => {
  const db = String(database(graph).inputs.name);
  return [
    `arn:aws:glue:${region}:${account}:catalog`,
    `arn:aws:glue:${region}:${account}:database/${db}`,
    `arn:aws:glue:${region}:${account}:table/${db}/${table(graph).inputs.name}`,
  ];
};

interface Extended {
  bucketArn: string;
  roleArn: string;
  prefix: string;
  errorOutputPrefix: string;
  bufferingInterval: number;
  bufferingSize: number;
  compressionFormat: string;
  cloudwatchLoggingOptions: { enabled: boolean; logGroupName: string; logStreamName: string };
  dataFormatConversionConfiguration: {
    enabled: boolean;
    inputFormatConfiguration: unknown;
    outputFormatConfiguration: unknown;
    schemaConfiguration: Record<string, unknown>;
  };
}
const extended = (graph: GraphResult) => stream(graph).inputs.extendedS3Configuration as Extended;
const deliveryRole = (graph: GraphResult) => roleOf(graph, extended(graph).roleArn);

/** The function of a stream subscriber or of a route, and its role. */
const subscriberRole = (graph: GraphResult, name: string) =>
  roleOf(graph, named(graph, "aws:lambda/function:Function", `TableSubscriber${name}FunctionFunction`).inputs.role);
function routeRole(graph: GraphResult, key: string): GraphResource {
  const fn = all(graph, "aws:lambda/function:Function").find((f) => f.inputs.description === `Api route ${key}`);
  if (!fn) throw new Error(`no function for route ${key}`);
  return roleOf(graph, fn.inputs.role);
}

/** Every role's statements that match, as { role, Action, Resource }, sorted by role. */
function grants(graph: GraphResult, matches: (statement: Statement) => boolean) {
  return all(graph, "aws:iam/role:Role")
    .flatMap((role) =>
      statements(role)
        .filter(matches)
        .map((s) => ({ role: role.name, Effect: s.Effect, Action: s.Action, Resource: s.Resource })),
    )
    .sort((a, b) => a.role.localeCompare(b.role));
}

/** A linkable's LinkRef: what a function linking it gets (properties) and is granted (include). */
const linkRef = (graph: GraphResult, name: string) =>
  named(graph, "sst:sst:LinkRef", `${name}LinkRef`).inputs as {
    properties: Record<string, unknown>;
    include: { type: string; actions: string[]; resources: string[] }[];
  };

/** What linking LakeQueries grants, statement by statement. */
const lakeQueriesGrants = (graph: GraphResult) => {
  const lake = lakeBucket(graph).arn;
  const results = resultsBucket(graph).arn;
  return [
    {
      Action: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"],
      Resource: [workgroupArn(graph)],
    },
    { Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"], Resource: glueArns(graph) },
    { Action: ["s3:GetObject"], Resource: [`${lake}/ride_changes/*`] },
    { Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [lake] },
    { Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"], Resource: [`${results}/*`] },
    { Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: [results] },
  ];
};

export function lakeTests(graph: () => GraphResult): void {
  it("keeps both lake buckets private, encrypted by default (SSE-S3) and reachable over TLS only", () => {
    for (const { name, arn } of [lakeBucket(graph()), resultsBucket(graph())]) {
      expect(onBucket(graph(), "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name).inputs).toEqual({
        bucket: name,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      const encryption = onBucket(
        graph(),
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        name,
      );
      expect(encryption.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
      // The bucket policy only denies: plain HTTP to anyone, and grants nothing (no public or CloudFront read).
      const policy = JSON.parse(String(onBucket(graph(), "aws:s3/bucketPolicy:BucketPolicy", name).inputs.policy));
      expect(policy.Statement).toEqual([
        {
          Effect: "Deny",
          Action: ["s3:*"],
          Resource: [arn, `${arn}/*`],
          Principal: [{ type: "*", identifiers: ["*"] }],
          Condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ]);
      // No browser talks to either.
      expect(
        all(graph(), "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").map((c) => c.inputs.bucket),
      ).not.toContain(name);
    }
  });

  it("moves the lake's ride changes to infrequent access after 30 days and never expires them", () => {
    const { name } = lakeBucket(graph());
    const lifecycle = onBucket(graph(), "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name);
    const rules = lifecycle.inputs.rules as Record<string, unknown>[];
    expect(rules).toEqual([
      {
        id: "ride-changes-infrequent-access",
        status: "Enabled",
        filter: { prefix: "ride_changes/" },
        transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
      },
      {
        id: "abort-incomplete-uploads",
        status: "Enabled",
        filter: { prefix: "" },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
    expect(rules.some((rule) => "expiration" in rule)).toBe(false);
  });

  it("expires Athena's query results after 7 days, the whole bucket", () => {
    const { name } = resultsBucket(graph());
    const lifecycle = onBucket(graph(), "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name);
    expect(lifecycle.inputs.rules).toEqual([
      { id: "expire-query-results", status: "Enabled", expiration: { days: 7 } },
    ]);
  });

  it("declares the Glue table ride_changes with ride-change.ts's columns, dt as the partition, stored as Parquet", () => {
    const db = database(graph());
    expect(db.inputs.name).toBe(`wildrydes_${graph().stage}_lake`);
    const declared = table(graph());
    expect(declared.inputs).toMatchObject({
      databaseName: db.inputs.name,
      name: "ride_changes",
      tableType: "EXTERNAL_TABLE",
    });
    // The one schema: every column but dt, in file order with its Glue type; dt (a string day) is the partition.
    const dt = rideChangeColumns.find((column) => column.name === "dt");
    expect(dt?.glue).toBe("string");
    expect(rideChangeColumns.at(-1)).toBe(dt);
    const columns = rideChangeColumns.filter((column) => column !== dt).map(({ name, glue }) => ({ name, type: glue }));
    expect(columns.length).toBeGreaterThan(10);
    expect(declared.inputs.partitionKeys).toEqual([{ name: "dt", type: "string" }]);
    expect(declared.inputs.storageDescriptor).toEqual({
      location: `s3://${lakeBucket(graph()).name}/ride_changes/`,
      inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
      outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
      serDeInfo: {
        name: "parquet",
        serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        parameters: { "serialization.format": "1" },
      },
      columns,
    });
  });

  it("projects the table's day partitions from 2026-01-01 to today, at the folders Firehose writes", () => {
    const lake = lakeBucket(graph()).name;
    expect(table(graph()).inputs.parameters).toEqual({
      EXTERNAL: "TRUE",
      classification: "parquet",
      "projection.enabled": "true",
      "projection.dt.type": "date",
      "projection.dt.format": "yyyy-MM-dd",
      "projection.dt.range": "2026-01-01,NOW",
      "projection.dt.interval": "1",
      "projection.dt.interval.unit": "DAYS",
      // Athena's own placeholder, literally: not a TypeScript interpolation.
      "storage.location.template": `s3://${lake}/ride_changes/dt=\${dt}/`,
    });
    // Firehose's folder for a day is the template's for the same day.
    const day = "2026-03-14";
    const template = String((table(graph()).inputs.parameters as Record<string, string>)["storage.location.template"]);
    const folder = extended(graph()).prefix.replace("!{timestamp:yyyy-MM-dd}", day);
    expect(template.replace(`\${dt}`, day)).toBe(`s3://${lake}/${folder}`);
  });

  it("takes records directly (DirectPut), encrypted, and delivers them to the lake as Parquet in the Glue table's schema", () => {
    const declared = stream(graph());
    expect(declared.inputs.name).toBe(`wildrydes-${graph().stage}-ride-changes`);
    expect(declared.inputs.destination).toBe("extended_s3");
    expect(declared.inputs.kinesisSourceConfiguration).toBeUndefined();
    expect(declared.inputs.mskSourceConfiguration).toBeUndefined();
    expect(declared.inputs.serverSideEncryption).toEqual({ enabled: true, keyType: "AWS_OWNED_CMK" });
    const config = extended(graph());
    expect(config.bucketArn).toBe(lakeBucket(graph()).arn);
    expect(config.dataFormatConversionConfiguration).toEqual({
      enabled: true,
      inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
      outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
      // The schema source: the Glue table above, its latest version, read with the stream's own role.
      schemaConfiguration: {
        roleArn: config.roleArn,
        region,
        catalogId: account,
        databaseName: database(graph()).inputs.name,
        tableName: table(graph()).inputs.name,
        versionId: "LATEST",
      },
    });
    // Parquet compresses itself: Firehose refuses its own compression on top of a conversion.
    expect(config.compressionFormat).toBe("UNCOMPRESSED");
  });

  it("writes under ride_changes/dt=<day>/, failures elsewhere, every minute or 64 MiB", () => {
    const config = extended(graph());
    expect(config.prefix).toBe("ride_changes/dt=!{timestamp:yyyy-MM-dd}/");
    // Failed records land outside the table's folder (Athena never reads them), by failure type.
    expect(config.errorOutputPrefix).toBe(
      "errors/ride_changes/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
    );
    expect(config.errorOutputPrefix.startsWith("ride_changes/")).toBe(false);
    // Parquet conversion needs a 64 MiB buffer at least.
    expect(config.bufferingSize).toBe(64);
    expect(config.bufferingInterval).toBe(60);
    const logs = named(graph(), "aws:cloudwatch/logGroup:LogGroup", "LakeDeliveryLogs");
    const logStream = named(graph(), "aws:cloudwatch/logStream:LogStream", "LakeDeliveryLogStream");
    expect(config.cloudwatchLoggingOptions).toEqual({
      enabled: true,
      logGroupName: logs.inputs.name,
      logStreamName: logStream.inputs.name,
    });
    expect(logStream.inputs.logGroupName).toBe(logs.inputs.name);
  });

  it("gives Firehose a role of its own: put objects under its two prefixes, read the table's schema, log; nothing else", () => {
    const role = deliveryRole(graph());
    expect(role.name).toBe("LakeDeliveryRole");
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "firehose.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": account } },
      },
    ]);
    expect(role.inputs.managedPolicyArns).toBeUndefined();
    const lake = lakeBucket(graph()).arn;
    const logGroupArn = arnOf(named(graph(), "aws:cloudwatch/logGroup:LogGroup", "LakeDeliveryLogs"));
    expect(statements(role)).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: [`${lake}/ride_changes/*`, `${lake}/errors/ride_changes/*`],
      },
      { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [lake] },
      {
        Effect: "Allow",
        Action: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
        Resource: glueArns(graph()),
      },
      { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [`${logGroupArn}:log-stream:DestinationDelivery`] },
    ]);
    // Every prefix it may write is one the stream writes to.
    const config = extended(graph());
    for (const prefix of [config.prefix, config.errorOutputPrefix]) {
      expect(prefix.startsWith("ride_changes/") || prefix.startsWith("errors/ride_changes/"), prefix).toBe(true);
    }
  });

  it("runs Athena in one workgroup: results to the results bucket (SSE-S3), 1 GiB per query at most, enforced, metered", () => {
    const declared = workgroup(graph());
    expect(declared.inputs.name).toBe(`wildrydes-${graph().stage}-lake`);
    expect(declared.inputs.configuration).toEqual({
      enforceWorkgroupConfiguration: true,
      publishCloudwatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: 1024 ** 3,
      engineVersion: { selectedEngineVersion: "Athena engine version 3" },
      resultConfiguration: {
        outputLocation: `s3://${resultsBucket(graph()).name}/`,
        encryptionConfiguration: { encryptionOption: "SSE_S3" },
      },
    });
    // Athena's floor for the cutoff is 10 MB.
    expect(1024 ** 3).toBeGreaterThan(10_000_000);
  });

  it("links Lake as the stream's name and the right to put records to it, nothing else, to RideLake alone", () => {
    expect(lakeWriters.map((entry) => entry.name)).toEqual(["RideLake"]);
    const ref = linkRef(graph(), "Lake");
    expect(ref.properties).toEqual({ deliveryStream: stream(graph()).inputs.name });
    expect(ref.include).toEqual([
      {
        type: "aws.permission",
        actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        resources: [streamArn(graph())],
      },
    ]);
    const linking = graph().builds.filter((build) => "Lake" in build.links);
    expect(linking.map((build) => build.functionID)).toEqual(["TableSubscriberRideLakeFunction"]);
    expect(linking[0]?.links.Lake).toMatchObject({ deliveryStream: stream(graph()).inputs.name });
  });

  it("lets only RideLake's role put to the stream, and no role anything else of Firehose", () => {
    const firehoseGrants = grants(
      graph(),
      (s) =>
        s.Action.some((action) => action === "*" || action.toLowerCase().startsWith("firehose:")) ||
        s.Resource.some((resource) => resource === "*" || resource.includes(":firehose:")),
    );
    expect(firehoseGrants).toEqual([
      {
        role: subscriberRole(graph(), "RideLake").name,
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: [streamArn(graph())],
      },
    ]);
  });

  it("links LakeQueries as the workgroup and database, with exactly the rights to query them, to GET /ops/metrics alone", () => {
    expect(lakeQueriers.map(routeKey)).toEqual(["GET /ops/metrics"]);
    const ref = linkRef(graph(), "LakeQueries");
    expect(ref.properties).toEqual({
      workgroup: workgroup(graph()).inputs.name,
      database: database(graph()).inputs.name,
    });
    expect(ref.include).toEqual(
      lakeQueriesGrants(graph()).map(({ Action, Resource }) => ({
        type: "aws.permission",
        actions: Action,
        resources: Resource,
      })),
    );
    const linking = graph().builds.filter((build) => "LakeQueries" in build.links);
    expect(linking.map((build) => build.handler)).toEqual(lakeQueriers.map((route) => route.handler));
    expect(linking[0]?.links.LakeQueries).toMatchObject({
      workgroup: workgroup(graph()).inputs.name,
      database: database(graph()).inputs.name,
    });
    // The route's role has them once each, as linked.
    const granted = statements(routeRole(graph(), "GET /ops/metrics")).map(({ Action, Resource }) => ({
      Action,
      Resource,
    }));
    for (const grant of lakeQueriesGrants(graph())) {
      expect(granted.filter((g) => JSON.stringify(g) === JSON.stringify(grant))).toHaveLength(1);
    }
  });

  it("lets only the ops route's role query Athena, read the lake or its results; Glue beyond that is Firehose's schema read", () => {
    const ops = routeRole(graph(), "GET /ops/metrics").name;
    const lake = lakeBucket(graph()).arn;
    const results = resultsBucket(graph()).arn;
    const athena = grants(graph(), (s) => s.Action.some((action) => action.toLowerCase().startsWith("athena:")));
    expect(athena.map((grant) => grant.role)).toEqual([ops]);
    const glue = grants(graph(), (s) => s.Action.some((action) => action.toLowerCase().startsWith("glue:")));
    expect(glue.map((grant) => grant.role).sort()).toEqual(["LakeDeliveryRole", ops].sort());
    // Either bucket, by any statement: the ops route reads (and writes results), Firehose writes rows, no one else.
    const onLake = grants(graph(), (s) =>
      s.Resource.some((resource) => resource === lake || resource.startsWith(`${lake}/`)),
    );
    expect([...new Set(onLake.map((grant) => grant.role))].sort()).toEqual(["LakeDeliveryRole", ops].sort());
    const onResults = grants(graph(), (s) =>
      s.Resource.some((resource) => resource === results || resource.startsWith(`${results}/`)),
    );
    expect([...new Set(onResults.map((grant) => grant.role))]).toEqual([ops]);
    expect(
      onLake.every((grant) => grant.Effect === "Allow") && onResults.every((grant) => grant.Effect === "Allow"),
    ).toBe(true);
  });

  it("types both linkables in sst-env.d.ts with the properties they carry", () => {
    const types = readFileSync(join(repoRoot, "sst-env.d.ts"), "utf8");
    const declared = (name: string) => {
      const body = new RegExp(`\\n\\s*${name}: \\{([^}]*)\\}`).exec(types)?.[1] ?? "";
      return [...body.matchAll(/(\w+): /g)].map((match) => match[1]).sort();
    };
    expect(declared("Lake")).toEqual([...Object.keys(linkRef(graph(), "Lake").properties), "type"].sort());
    expect(declared("LakeQueries")).toEqual(
      [...Object.keys(linkRef(graph(), "LakeQueries").properties), "type"].sort(),
    );
    expect(types).toMatch(/Lake: \{[^}]*type: "sst\.sst\.Linkable";/);
    expect(types).toMatch(/LakeQueries: \{[^}]*type: "sst\.sst\.Linkable";/);
  });
}
