/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Wild Rydes in the cloud, one file per concern under infra/: storage (the table), dispatch (the offer chain, a durable
 * workflow), auth (the rider pool and web client), api (routes, JWT authorizer, throttle, CORS; with functions.ts's
 * handler defaults), schedules (the sweep, on EventBridge Scheduler), events (the table's stream to filtered
 * subscribers, dead letters, the operations topic), live (the AppSync Event API: the stream's subscribers publish ride
 * changes to it, browsers subscribe to it), lake (the ride-events lake: the RideLake subscriber's Firehose stream to
 * Parquet in S3, its Glue table with projected day partitions, the Athena workgroup GET /ops/metrics queries),
 * monitoring/ (alarms to a topic, one dashboard), edge (the one origin: CloudFront router, WAF, `/api/*`, security
 * headers), map (the Amazon Location key the site's map uses) and site (the static site on the router). Facts shared
 * with the local stack live in core/ and functions/src/catalogue/; docs/architecture.md describes the whole.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production";
    return {
      name: "wildrydes",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
      providers: { aws: { version: "7.20.0" } },
    };
  },
  async run() {
    // Imported here, not at the top: the CLI evaluates app() before the providers exist.
    const { region } = await import("./infra/stage");
    await import("./infra/storage");
    await import("./infra/dispatch");
    await import("./infra/lake");
    const auth = await import("./infra/auth");
    const { api } = await import("./infra/api");
    const { liveHttpUrl } = await import("./infra/live");
    await import("./infra/schedules");
    await import("./infra/events");
    await import("./infra/monitoring/monitoring");
    const { router } = await import("./infra/edge");
    await import("./infra/map");
    await import("./infra/site");

    return {
      api: api.url,
      site: router.url,
      userPoolId: auth.riders.id,
      userPoolClientId: auth.webClient.id,
      events: liveHttpUrl,
      region,
    };
  },
});
