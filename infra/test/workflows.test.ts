/**
 * The GitHub workflows in .github/workflows cannot run here: there is no GitHub runner and no AWS account. This
 * lints them instead: valid YAML, the shape GitHub needs, actions pinned to a version tag, and what each one is for
 * (ci.yml: the README's `npm test` on Node 20 and 22; deploy.yml: credentials by OpenID Connect only, `production`
 * from main, a stage per pull request that is removed when it closes, valid SST stage names). Every rule is also
 * shown a broken copy, so none of them can pass by finding nothing to check.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The `yaml` package as playwright-core (pinned through e2e's @playwright/test) bundles and exports it: the
// repository has no YAML parser of its own, and this test adds no dependency for one.
interface YamlDocument {
  errors: { message: string }[];
  warnings: { message: string }[];
  toJS(): unknown;
}
const { yaml } = createRequire(import.meta.url)("playwright-core/lib/utilsBundle") as {
  yaml: { parseDocument(source: string): YamlDocument };
};

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  "runs-on"?: unknown;
  "timeout-minutes"?: unknown;
  strategy?: { matrix?: Record<string, unknown> };
  concurrency?: { group?: string; "cancel-in-progress"?: unknown };
  env?: Record<string, unknown>;
  steps?: Step[];
}
interface Workflow {
  on?: Record<string, { branches?: string[]; types?: string[] } | null>;
  permissions?: unknown;
  env?: Record<string, unknown>;
  jobs?: Record<string, Job>;
}

/** Parses a workflow; any YAML error or warning (a duplicate key, a bad indent) throws. */
function parse(source: string): Workflow {
  const document = yaml.parseDocument(source);
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return document.toJS() as Workflow;
}

/** A workflow file, parsed; an empty workflow and the YAML error when it does not parse. */
function load(name: string) {
  const source = readFileSync(new URL(`../../.github/workflows/${name}`, import.meta.url), "utf8");
  try {
    return { source, workflow: parse(source), yamlError: "" };
  } catch (error) {
    return { source, workflow: {} as Workflow, yamlError: String(error) };
  }
}
const { source: ciSource, workflow: ci, yamlError: ciYamlError } = load("ci.yml");
const { source: deploySource, workflow: deploy, yamlError: deployYamlError } = load("deploy.yml");

/** What sst 4.17.1 accepts: "It must start with a letter and can only contain alphanumeric characters and hyphens". */
const sstStage = /^[a-zA-Z][a-zA-Z0-9-]*$/;
/** owner/repo[/path]@v1, @v1.2 or @v1.2.3. */
const versionTag = /^[\w.-]+\/[\w./-]+@v\d+(\.\d+){0,2}$/;
/** `${{ text }}`, a GitHub expression as written in a workflow. */
const expression = (text: string) => `\${{ ${text} }}`;
const prNumber = expression("github.event.pull_request.number");

const jobs = (workflow: Workflow) => Object.entries(workflow.jobs ?? {});
const steps = (job: Job) => job.steps ?? [];
const runs = (job: Job) => steps(job).flatMap((step) => (step.run ? [step.run] : []));
const sstCommands = (job: Job) => runs(job).flatMap((run) => run.match(/\bsst (deploy|remove)\b[^\n]*/g) ?? []);
const deploys = (job: Job) => sstCommands(job).some((command) => command.startsWith("sst deploy"));
const removes = (job: Job) => sstCommands(job).some((command) => command.startsWith("sst remove"));
const uses = (job: Job, action: string) => steps(job).find((step) => step.uses?.startsWith(`${action}@`));
/** An expression as GitHub would fill it in for pull request `number`; any other expression stays as written. */
const expand = (text: string, number: string) =>
  text.replace(/\$\{\{\s*github\.event\.pull_request\.number\s*\}\}/g, number);

// Rules: each returns what is wrong, [] when nothing is.

/** `on` and `jobs`; each job with `runs-on`, a timeout and steps; each step either `uses` or `run`, never both. */
function shape(workflow: Workflow): string[] {
  const problems: string[] = [];
  if (!workflow.on || Object.keys(workflow.on).length === 0) problems.push("no `on`");
  if (jobs(workflow).length === 0) problems.push("no `jobs`");
  for (const [id, job] of jobs(workflow)) {
    if (!job["runs-on"]) problems.push(`${id}: no runs-on`);
    if (typeof job["timeout-minutes"] !== "number") problems.push(`${id}: no timeout-minutes`);
    if (steps(job).length === 0) problems.push(`${id}: no steps`);
    steps(job).forEach((step, index) => {
      const kinds = ["uses", "run"].filter((key) => key in step).length;
      if (kinds !== 1) problems.push(`${id} step ${index + 1}: needs exactly one of uses/run`);
    });
  }
  return problems;
}

function pinned(workflow: Workflow): string[] {
  return jobs(workflow).flatMap(([id, job]) =>
    steps(job).flatMap((step) =>
      step.uses !== undefined && !versionTag.test(step.uses)
        ? [`${id}: ${step.uses} is not pinned to a version tag`]
        : [],
    ),
  );
}

/** The comment at the top says the workflow was written here but never run. */
function saysNeverRun(source: string): string[] {
  const header = /^(#.*\n)*/.exec(source)?.[0] ?? "";
  return /never\s+run/i.test(header) ? [] : ["the top comment does not say the workflow was never run"];
}

function ciTriggersAndPermissions(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const event of ["push", "pull_request"]) if (!(event in (workflow.on ?? {}))) problems.push(`not on ${event}`);
  if (JSON.stringify(workflow.permissions) !== JSON.stringify({ contents: "read" })) {
    problems.push(`permissions are ${JSON.stringify(workflow.permissions)}, not { contents: read }`);
  }
  return problems;
}

/** A job runs exactly `npm test` on Node 20 and 22 (npm cache), and keeps test-results/ when it fails. */
function ciRunsNpmTest(workflow: Workflow): string[] {
  const job = jobs(workflow).find(([, candidate]) => runs(candidate).some((run) => run.trim() === "npm test"))?.[1];
  if (!job) return ["no step runs exactly `npm test`"];
  const problems: string[] = [];
  const nodes = ((job.strategy?.matrix?.node as unknown[]) ?? []).map(String);
  for (const node of ["20", "22"]) if (!nodes.includes(node)) problems.push(`matrix.node lacks ${node}`);
  const setup = uses(job, "actions/setup-node");
  if (setup?.with?.["node-version"] !== expression("matrix.node") || setup.with.cache !== "npm") {
    problems.push("actions/setup-node does not use matrix.node with the npm cache");
  }
  const order = steps(job);
  if (!setup || order.indexOf(setup) > order.findIndex((step) => step.run?.trim() === "npm test")) {
    problems.push("npm test runs before Node is set up");
  }
  const upload = uses(job, "actions/upload-artifact");
  if (!upload?.if?.includes("failure()") || !String(upload.with?.path).startsWith("test-results")) {
    problems.push("test-results/ is not uploaded on failure");
  }
  return problems;
}

/** Only short-lived credentials: the OIDC token permission, a role to assume, and no AWS keys anywhere. */
function oidcOnly(workflow: Workflow, source: string): string[] {
  const problems: string[] = [];
  if (JSON.stringify(workflow.permissions) !== JSON.stringify({ "id-token": "write", contents: "read" })) {
    problems.push(`permissions are ${JSON.stringify(workflow.permissions)}, not { id-token: write, contents: read }`);
  }
  if (/aws[-_](access[-_]key[-_]id|secret[-_]access[-_]key|session[-_]token)/i.test(source)) {
    problems.push("mentions AWS keys: credentials must come from OIDC only");
  }
  for (const [id, job] of jobs(workflow).filter(([, job]) => sstCommands(job).length > 0)) {
    const credentials = uses(job, "aws-actions/configure-aws-credentials");
    const role = String(credentials?.with?.["role-to-assume"]);
    if (!credentials || !/^\$\{\{ (vars|secrets)\.[A-Z0-9_]+ \}\}$/.test(role)) {
      problems.push(`${id}: no role-to-assume from a variable or secret`);
    } else if (steps(job).indexOf(credentials) > steps(job).findIndex((step) => /\bsst /.test(step.run ?? ""))) {
      problems.push(`${id}: runs sst before it has credentials`);
    }
  }
  return problems;
}

/** Every `sst deploy|remove` uses the job's STAGE, a valid stage for any pull request number, one run at a time. */
function stagesValid(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [id, job] of jobs(workflow).filter(([, job]) => sstCommands(job).length > 0)) {
    for (const command of sstCommands(job)) {
      if (!/ --stage "\$STAGE"$/.test(command)) problems.push(`${id}: \`${command}\` does not pass --stage "$STAGE"`);
    }
    for (const number of ["1", "42", "123456"]) {
      const stage = expand(String(job.env?.STAGE), number);
      if (!sstStage.test(stage)) problems.push(`${id}: "${stage}" is not a valid SST stage name`);
      const group = expand(String(job.concurrency?.group), number);
      if (!group.endsWith(stage)) problems.push(`${id}: concurrency group "${group}" is not per stage`);
    }
    // Cancelling a deploy half-way leaves the stage's state locked.
    if (job.concurrency?.["cancel-in-progress"] !== false) problems.push(`${id}: may cancel a deploy in progress`);
  }
  return problems;
}

/** main → production, with the README's settings; a pull request → pr-<number> while open, removed on close. */
function deployStages(workflow: Workflow): string[] {
  const problems: string[] = [];
  if (JSON.stringify(workflow.on?.push?.branches) !== JSON.stringify(["main"])) problems.push("not on push to main");
  for (const type of ["opened", "synchronize", "reopened", "closed"]) {
    if (!workflow.on?.pull_request?.types?.includes(type)) problems.push(`not on pull_request ${type}`);
  }
  const all = jobs(workflow).map(([, job]) => job);
  const production = all.find((job) => job.if?.includes("github.event_name == 'push'") && deploys(job));
  if (production?.env?.STAGE !== "production") problems.push("a push to main does not deploy production");
  for (const name of ["WILDRYDES_DOMAIN", "WILDRYDES_API_ORIGINS", "WILDRYDES_ALERT_EMAIL"]) {
    if (production?.env?.[name] !== expression(`vars.${name}`)) {
      problems.push(`production does not get ${name} from vars`);
    }
  }
  const preview = all.find((job) => job.if?.includes("github.event.action != 'closed'") && deploys(job));
  if (preview?.env?.STAGE !== `pr-${prNumber}`) problems.push("an open pull request does not deploy pr-<number>");
  const removal = all.find((job) => job.if?.includes("github.event.action == 'closed'"));
  if (!removal || !removes(removal) || deploys(removal) || removal.env?.STAGE !== `pr-${prNumber}`) {
    problems.push("a closed pull request does not remove pr-<number>");
  }
  // Every pull request stage would claim the production domain.
  if ([preview, removal].some((job) => job?.env?.WILDRYDES_DOMAIN !== undefined)) {
    problems.push("a pull request stage gets WILDRYDES_DOMAIN");
  }
  for (const [id, job] of jobs(workflow).filter(([, job]) => sstCommands(job).length > 0)) {
    if (String(uses(job, "actions/setup-node")?.with?.["node-version"]) !== "22") {
      problems.push(`${id}: not on Node 22`);
    }
    if ((job.env?.SST_TELEMETRY_DISABLED ?? workflow.env?.SST_TELEMETRY_DISABLED) !== "1") {
      problems.push(`${id}: SST telemetry is on`);
    }
  }
  return problems;
}

describe("ci.yml", () => {
  it("is valid YAML", () => expect(ciYamlError).toBe(""));
  it("is a workflow: on, jobs, runs-on, steps that each use or run", () => expect(shape(ci)).toEqual([]));
  it("pins every action to a version tag", () => expect(pinned(ci)).toEqual([]));
  it("says at the top that it has never run", () => expect(saysNeverRun(ciSource)).toEqual([]));
  it("runs on push and pull request, reading the repository only", () =>
    expect(ciTriggersAndPermissions(ci)).toEqual([]));
  it("runs `npm test` on Node 20 and 22 and keeps test-results/ on failure", () =>
    expect(ciRunsNpmTest(ci)).toEqual([]));
});

describe("deploy.yml", () => {
  it("is valid YAML", () => expect(deployYamlError).toBe(""));
  it("is a workflow: on, jobs, runs-on, steps that each use or run", () => expect(shape(deploy)).toEqual([]));
  it("pins every action to a version tag", () => expect(pinned(deploy)).toEqual([]));
  it("says at the top that it has never run", () => expect(saysNeverRun(deploySource)).toEqual([]));
  it("gets AWS credentials by OIDC only, never stored keys", () => expect(oidcOnly(deploy, deploySource)).toEqual([]));
  it("deploys main to production and each pull request to pr-<number>, removed on close", () =>
    expect(deployStages(deploy)).toEqual([]));
  it("passes valid SST stage names, one deploy per stage at a time", () => expect(stagesValid(deploy)).toEqual([]));
});

describe("each rule catches a broken workflow", () => {
  type Editable = Workflow & { jobs: Record<string, Job & { steps: Step[]; env: Record<string, unknown> }> };
  const job = (workflow: Editable, id: string) => workflow.jobs[id] ?? { steps: [], env: {} };
  const step = (workflow: Editable, id: string, action: string) =>
    uses(job(workflow, id), action) as Step & { with: Record<string, unknown> };
  const running = (workflow: Editable, id: string, command: string): Step =>
    job(workflow, id).steps.find((s) => s.run?.includes(command)) ?? {};
  const oidc = (workflow: Workflow) => oidcOnly(workflow, deploySource);

  it("invalid YAML", () => {
    expect(() => parse("on: [push\njobs: {}\n")).toThrow();
    expect(() => parse("on: push\non: pull_request\njobs: {}\n")).toThrow(/unique/i);
  });

  it("a top comment without the caveat", () => {
    expect(saysNeverRun(ciSource.replace(/never\s+run/gi, "run"))).not.toEqual([]);
  });

  it("stored AWS keys", () => {
    const keys = `aws-access-key-id: ${expression("secrets.AWS_ACCESS_KEY_ID")}\n          role-to-assume:`;
    expect(oidcOnly(deploy, deploySource.replace("role-to-assume:", keys))).not.toEqual([]);
  });

  it.each<[string, (workflow: Workflow) => string[], Workflow, (copy: Editable) => unknown]>([
    ["no on", shape, ci, (w) => delete w.on],
    ["no jobs", shape, ci, (w) => delete (w as Workflow).jobs],
    ["a job without runs-on", shape, deploy, (w) => delete job(w, "preview")["runs-on"]],
    ["a job without a timeout", shape, ci, (w) => delete job(w, "test")["timeout-minutes"]],
    ["a step with uses and run", shape, ci, (w) => Object.assign(step(w, "test", "actions/checkout"), { run: "x" })],
    ["a step with neither", shape, ci, (w) => job(w, "test").steps.push({ name: "nothing" })],
    ["an action on a branch", pinned, ci, (w) => (step(w, "test", "actions/checkout").uses = "actions/checkout@main")],
    ["ci without pull_request", ciTriggersAndPermissions, ci, (w) => delete w.on?.pull_request],
    ["ci with write permissions", ciTriggersAndPermissions, ci, (w) => (w.permissions = { contents: "write" })],
    ["ci without Node 20", ciRunsNpmTest, ci, (w) => (job(w, "test").strategy = { matrix: { node: [22] } })],
    ["ci on one Node", ciRunsNpmTest, ci, (w) => (step(w, "test", "actions/setup-node").with["node-version"] = 22)],
    ["ci without the npm cache", ciRunsNpmTest, ci, (w) => delete step(w, "test", "actions/setup-node").with.cache],
    [
      "ci running another command",
      ciRunsNpmTest,
      ci,
      (w) => (running(w, "test", "npm test").run = "npm run test:unit"),
    ],
    ["ci losing test-results/", ciRunsNpmTest, ci, (w) => (step(w, "test", "actions/upload-artifact").if = "always()")],
    ["no id-token: write", oidc, deploy, (w) => (w.permissions = { contents: "read" })],
    [
      "a role in the workflow",
      oidc,
      deploy,
      (w) =>
        (step(w, "preview", "aws-actions/configure-aws-credentials").with["role-to-assume"] = "arn:aws:iam::1:role/x"),
    ],
    [
      "no credentials step",
      oidc,
      deploy,
      (w) => (job(w, "preview").steps = job(w, "preview").steps.filter((s) => !s.uses?.startsWith("aws-actions/"))),
    ],
    ["main deploying staging", deployStages, deploy, (w) => (job(w, "production").env.STAGE = "staging")],
    [
      "production without a setting",
      deployStages,
      deploy,
      (w) => delete job(w, "production").env.WILDRYDES_ALERT_EMAIL,
    ],
    ["no push to main", deployStages, deploy, (w) => delete w.on?.push],
    ["a closed pull request left deployed", deployStages, deploy, (w) => delete w.jobs["remove-preview"]],
    ["no closed trigger", deployStages, deploy, (w) => w.on?.pull_request?.types?.pop()],
    ["a preview with the domain", deployStages, deploy, (w) => (job(w, "preview").env.WILDRYDES_DOMAIN = "x")],
    [
      "deploy on Node 20",
      deployStages,
      deploy,
      (w) => (step(w, "preview", "actions/setup-node").with["node-version"] = 20),
    ],
    ["telemetry on", deployStages, deploy, (w) => delete w.env?.SST_TELEMETRY_DISABLED],
    [
      "a stage from the branch name",
      stagesValid,
      deploy,
      (w) => (job(w, "preview").env.STAGE = expression("github.head_ref")),
    ],
    ["a stage starting with a digit", stagesValid, deploy, (w) => (job(w, "preview").env.STAGE = prNumber)],
    [
      "a stage other than $STAGE",
      stagesValid,
      deploy,
      (w) => (running(w, "production", "sst deploy").run = "npx sst deploy --stage prod"),
    ],
    [
      "one group for all pull requests",
      stagesValid,
      deploy,
      (w) => (job(w, "preview").concurrency = { group: "sst-pr", "cancel-in-progress": false }),
    ],
    [
      "a cancellable deploy",
      stagesValid,
      deploy,
      (w) => ((job(w, "production").concurrency ?? {})["cancel-in-progress"] = true),
    ],
  ])("%s", (_, rule, workflow, change) => {
    const copy = structuredClone(workflow) as Editable;
    change(copy);
    expect(rule(copy)).not.toEqual([]);
  });
});
