/**
 * The ride-events lake in the cloud (issue 23): the stream subscriber RideLake puts each ride change as a JSON row
 * (core/src/lake/ride-change.ts) to an Amazon Data Firehose stream, which converts it to Parquet with the Glue table's
 * schema and writes it under `ride_changes/dt=<UTC day>/` in the lake bucket; Athena reads that table through one
 * workgroup (results to a bucket of their own, a per-query scan limit), for GET /ops/metrics. The Glue table projects
 * its `dt` partitions, so nothing ever registers one. Two linkables, least privilege each: "Lake" (put records to the
 * stream) for the subscriber, "LakeQueries" (run queries in the workgroup, read the table) for the route.
 * SST 4.17 has no component for Firehose, Glue or Athena, so those are the provider's own resources.
 */
import { rideChangeColumns } from "../core/src/lake/ride-change";
import { region } from "./stage";

const partition = aws.getPartitionOutput().partition;
const account = aws.getCallerIdentityOutput().accountId;

/** The table's folder in the lake bucket: everything Athena reads, and the only prefix Firehose writes rows to. */
export const lakePrefix = "ride_changes/";
/** Records Firehose could not convert or deliver, kept apart so Athena never reads them as rows. */
export const lakeErrorPrefix = "errors/ride_changes/";

/** SSE-S3 as the bucket's default: nothing here needs a KMS grant (Firehose, Athena and the readers alike). */
function encryptByDefault(name: string, bucket: sst.aws.Bucket) {
  return new aws.s3.BucketServerSideEncryptionConfiguration(name, {
    bucket: bucket.name,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
  });
}

// SST's bucket blocks public access and denies any request without TLS (aws:SecureTransport) in its policy.
// No CORS: no browser talks to either bucket.
export const lakeBucket = new sst.aws.Bucket("LakeData", { cors: false });
encryptByDefault("LakeDataEncryption", lakeBucket);

// A month on, a day's rows are read only by the occasional longer look back: infrequent access is cheaper then.
// (SST's lifecycle option only expires objects, so the transition is the provider's own resource.)
new aws.s3.BucketLifecycleConfiguration("LakeDataTiering", {
  bucket: lakeBucket.name,
  rules: [
    {
      id: "ride-changes-infrequent-access",
      status: "Enabled",
      filter: { prefix: lakePrefix },
      transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
    },
    {
      // Firehose uploads large objects in parts; a delivery cut short leaves parts nobody will ever complete.
      id: "abort-incomplete-uploads",
      status: "Enabled",
      filter: { prefix: "" },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ],
});

/** Athena writes every query's results here; the caller reads them back once (or Athena reuses them): a week is plenty. */
export const lakeResultsBucket = new sst.aws.Bucket("LakeResults", {
  cors: false,
  lifecycle: [{ id: "expire-query-results", expiresIn: "7 days" }],
});
encryptByDefault("LakeResultsEncryption", lakeResultsBucket);

// Glue and Athena names: lowercase letters, digits and underscores only (a stage like "pr-12" becomes "pr_12").
export const lakeDatabase = new aws.glue.CatalogDatabase("LakeDatabase", {
  name: `${$app.name}_${$app.stage}_lake`.toLowerCase().replace(/[^a-z0-9_]/g, "_"),
  description: `Wild Rydes ${$app.stage}: the ride-events lake (issue 23)`,
});

export const rideChangesTableName = "ride_changes";

const lakeLocation = $interpolate`s3://${lakeBucket.name}/${lakePrefix}`;

/** The columns in file order, from the one schema; `dt` is not one of them but the partition (its folder). */
const columns = rideChangeColumns
  .filter((column) => column.name !== "dt")
  .map(({ name, glue }) => ({ name, type: glue }));

export const rideChangesTable = new aws.glue.CatalogTable("LakeRideChanges", {
  databaseName: lakeDatabase.name,
  name: rideChangesTableName,
  description: "A row per stored ride change, as the table's stream delivered it (core/src/lake/ride-change.ts)",
  tableType: "EXTERNAL_TABLE",
  partitionKeys: [{ name: "dt", type: "string" }],
  parameters: {
    EXTERNAL: "TRUE",
    classification: "parquet",
    // Partition projection: Athena computes the day folders from the query's dt filter; no crawler, no
    // MSCK REPAIR, no partition to add each day.
    "projection.enabled": "true",
    "projection.dt.type": "date",
    "projection.dt.format": "yyyy-MM-dd",
    "projection.dt.range": "2026-01-01,NOW",
    "projection.dt.interval": "1",
    "projection.dt.interval.unit": "DAYS",
    "storage.location.template": $interpolate`${lakeLocation}dt=\${dt}/`,
  },
  storageDescriptor: {
    location: lakeLocation,
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    serDeInfo: {
      name: "parquet",
      serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
      parameters: { "serialization.format": "1" },
    },
    columns,
  },
});

const glueArn = (resource: string) => $interpolate`arn:${partition}:glue:${region}:${account}:${resource}`;
/** What a Glue table read is authorized on: the catalog, the database and the table, all three. */
const rideChangesGlueArns = [
  glueArn("catalog"),
  $interpolate`${glueArn("database/")}${lakeDatabase.name}`,
  $interpolate`${glueArn("table/")}${lakeDatabase.name}/${rideChangesTable.name}`,
];

const deliveryStreamName = `${$app.name}-${$app.stage}-ride-changes`;

// Firehose logs a failed delivery or conversion here (the stream's own log stream); a month to look into it.
const deliveryLogs = new aws.cloudwatch.LogGroup("LakeDeliveryLogs", {
  name: `/aws/kinesisfirehose/${deliveryStreamName}`,
  retentionInDays: 30,
});
const deliveryLogStream = new aws.cloudwatch.LogStream("LakeDeliveryLogStream", {
  logGroupName: deliveryLogs.name,
  name: "DestinationDelivery",
});

/** Firehose's own role: write objects under the two prefixes, read the table's schema, log; nothing else. */
const deliveryRole = new aws.iam.Role("LakeDeliveryRole", {
  // Only Firehose, and only on this account's behalf (the confused-deputy guard AWS documents for Firehose).
  assumeRolePolicy: $jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "firehose.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": account } },
      },
    ],
  }),
  inlinePolicies: [
    {
      name: "deliver-ride-changes",
      policy: $jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            // PutObject covers a multipart upload's create, parts and completion.
            Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
            Resource: [
              $interpolate`${lakeBucket.arn}/${lakePrefix}*`,
              $interpolate`${lakeBucket.arn}/${lakeErrorPrefix}*`,
            ],
          },
          { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [lakeBucket.arn] },
          {
            Effect: "Allow",
            Action: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
            Resource: rideChangesGlueArns,
          },
          {
            Effect: "Allow",
            Action: ["logs:PutLogEvents"],
            Resource: [$interpolate`${deliveryLogs.arn}:log-stream:${deliveryLogStream.name}`],
          },
        ],
      }),
    },
  ],
});

/** Parquet conversion needs buffers of at least 64 MiB; a minute bounds how stale the lake gets on a quiet day. */
export const lakeBuffering = { intervalSeconds: 60, sizeMiB: 64 } as const;

export const lakeDeliveryStream = new aws.kinesis.FirehoseDeliveryStream("LakeDelivery", {
  name: deliveryStreamName,
  // No source stream: the subscriber puts records directly (DirectPut).
  destination: "extended_s3",
  // Records wait in Firehose's buffer encrypted too.
  serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
  extendedS3Configuration: {
    roleArn: deliveryRole.arn,
    bucketArn: lakeBucket.arn,
    // The day Firehose received the record (UTC) is the row's folder: a change stored a moment before midnight may
    // land in the next day's, so a query of a day's changes should filter on event_ms and read a day either side.
    prefix: `${lakePrefix}dt=!{timestamp:yyyy-MM-dd}/`,
    errorOutputPrefix: `${lakeErrorPrefix}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
    bufferingInterval: lakeBuffering.intervalSeconds,
    bufferingSize: lakeBuffering.sizeMiB,
    // Parquet compresses itself (Snappy, below); Firehose's own compression must be off with conversion.
    compressionFormat: "UNCOMPRESSED",
    fileExtension: ".parquet",
    cloudwatchLoggingOptions: {
      enabled: true,
      logGroupName: deliveryLogs.name,
      logStreamName: deliveryLogStream.name,
    },
    dataFormatConversionConfiguration: {
      enabled: true,
      inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
      outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
      // The Glue table is the one schema Firehose writes and Athena reads.
      schemaConfiguration: {
        roleArn: deliveryRole.arn,
        region,
        catalogId: account,
        databaseName: lakeDatabase.name,
        tableName: rideChangesTable.name,
        versionId: "LATEST",
      },
    },
  },
});

const deliveryStreamArn = $interpolate`arn:${partition}:firehose:${region}:${account}:deliverystream/${lakeDeliveryStream.name}`;

/** Bytes one query may scan before Athena cancels it: far beyond a day's rides, a cap on a runaway bill. */
export const bytesScannedCutoffPerQuery = 1024 ** 3;

export const lakeWorkgroup = new aws.athena.Workgroup("LakeWorkgroup", {
  name: `${$app.name}-${$app.stage}-lake`,
  description: `Wild Rydes ${$app.stage}: GET /ops/metrics's queries of the ride-events lake`,
  // A stage's removal takes its query history with it.
  forceDestroy: true,
  configuration: {
    // The callers cannot override where results go, their encryption or the scan limit.
    enforceWorkgroupConfiguration: true,
    publishCloudwatchMetricsEnabled: true,
    bytesScannedCutoffPerQuery,
    engineVersion: { selectedEngineVersion: "Athena engine version 3" },
    resultConfiguration: {
      outputLocation: $interpolate`s3://${lakeResultsBucket.name}/`,
      encryptionConfiguration: { encryptionOption: "SSE_S3" },
    },
  },
});

const workgroupArn = $interpolate`arn:${partition}:athena:${region}:${account}:workgroup/${lakeWorkgroup.name}`;

/** What the stream subscriber links as "Lake": the stream's name and the right to put records to it, nothing else. */
export const lake = new sst.Linkable("Lake", {
  properties: { deliveryStream: lakeDeliveryStream.name },
  include: [
    sst.aws.permission({ actions: ["firehose:PutRecord", "firehose:PutRecordBatch"], resources: [deliveryStreamArn] }),
  ],
});

/**
 * What GET /ops/metrics links as "LakeQueries": run queries in the workgroup and read their results, read the table's
 * definition and its rows. Athena reads S3 and Glue with the caller's own rights, so these are the function's.
 */
export const lakeQueries = new sst.Linkable("LakeQueries", {
  properties: { workgroup: lakeWorkgroup.name, database: lakeDatabase.name },
  include: [
    sst.aws.permission({
      actions: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"],
      resources: [workgroupArn],
    }),
    sst.aws.permission({
      actions: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
      resources: rideChangesGlueArns,
    }),
    sst.aws.permission({
      actions: ["s3:GetObject"],
      resources: [$interpolate`${lakeBucket.arn}/${lakePrefix}*`],
    }),
    sst.aws.permission({
      actions: ["s3:ListBucket", "s3:GetBucketLocation"],
      resources: [lakeBucket.arn],
    }),
    sst.aws.permission({
      actions: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
      resources: [$interpolate`${lakeResultsBucket.arn}/*`],
    }),
    sst.aws.permission({
      actions: ["s3:ListBucket", "s3:GetBucketLocation"],
      resources: [lakeResultsBucket.arn],
    }),
  ],
});
