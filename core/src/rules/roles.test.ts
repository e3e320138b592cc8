import { describe, expect, it } from "vitest";
import { groupsOf, mayCall } from "./roles";

describe("roles from a token's groups", () => {
  it("reads the claim as Cognito writes it and as API Gateway hands it to Lambda", () => {
    expect(groupsOf(["unicorns"])).toEqual(["unicorns"]);
    expect(groupsOf("[unicorns]")).toEqual(["unicorns"]);
    expect(groupsOf("[unicorns operators]")).toEqual(["unicorns", "operators"]);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf("[]")).toEqual([]);
  });

  it("lets riders and unicorns call riders' routes, each group only its own, and an operator no rider's", () => {
    expect(mayCall("rider", [])).toBe(true);
    expect(mayCall("rider", ["unicorns"])).toBe(true);
    expect(mayCall("rider", ["operators"])).toBe(false);
    expect(mayCall("unicorn", [])).toBe(false);
    expect(mayCall("unicorn", ["unicorns"])).toBe(true);
    expect(mayCall("unicorn", ["operators"])).toBe(false);
    expect(mayCall("operator", ["operators"])).toBe(true);
    expect(mayCall("operator", ["unicorns"])).toBe(false);
  });
});
