import { describe, expect, it } from "vitest";
import { passwordPolicy, passwordRules, unmetPasswordRules } from "./password-policy";

describe("password policy", () => {
  it("lists one rule per requirement the policy turns on", () => {
    const ids = passwordRules.map((rule) => rule.id);
    expect(ids).toEqual([
      "length",
      ...(passwordPolicy.requireLowercase ? ["lowercase"] : []),
      ...(passwordPolicy.requireUppercase ? ["uppercase"] : []),
      ...(passwordPolicy.requireNumbers ? ["number"] : []),
      ...(passwordPolicy.requireSymbols ? ["symbol"] : []),
    ]);
  });

  it("accepts a password that meets the policy", () => {
    expect(unmetPasswordRules("Unicorn7")).toEqual([]);
  });

  it("names every unmet rule, in Cognito's order and wording", () => {
    expect(unmetPasswordRules("").map((rule) => rule.cognitoMessage)).toEqual([
      "Password not long enough",
      "Password must have lowercase characters",
      "Password must have uppercase characters",
      "Password must have numeric characters",
    ]);
    expect(unmetPasswordRules("unicorns7").map((rule) => rule.id)).toEqual(["uppercase"]);
    expect(unmetPasswordRules("Unicorn").map((rule) => rule.id)).toEqual(["length", "number"]);
  });
});
