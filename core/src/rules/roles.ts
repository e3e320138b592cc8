/**
 * Roles are Cognito groups (docs/api.md, "Accounts and roles"): a signed-in user in no group is a rider. Checked in
 * the handlers, since an HTTP API's route scopes see only `scope`, which Cognito fills alike for every password sign-in.
 */
export const groups = { unicorns: "unicorns", operators: "operators" } as const;

/** Whose routes a route is. */
export type Role = "rider" | "unicorn" | "operator";

/**
 * The groups a token names. Cognito puts an array in `cognito:groups`; API Gateway's HTTP API hands an array claim to
 * Lambda as one string, `"[unicorns operators]"`: both forms are read.
 */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== "string") return [];
  return claim
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** Riders' routes are every account's but an operator's; a unicorn's and an operator's need their group. */
export function mayCall(role: Role, member: readonly string[]): boolean {
  if (role === "unicorn") return member.includes(groups.unicorns);
  if (role === "operator") return member.includes(groups.operators);
  return !member.includes(groups.operators) || member.includes(groups.unicorns);
}
