/**
 * The riders' Cognito user pool, the browser's client and the role groups; the password policy is
 * core/src/rules/password-policy.ts, the groups' names core/src/rules/roles.ts.
 */
import { passwordPolicy } from "../core/src/rules/password-policy";
import { groups } from "../core/src/rules/roles";
import { production } from "./stage";

/** How long an invited account's temporary password works; re-running scripts/add-account.ts mails a new one. */
const temporaryPasswordValidityDays = 7;

/** The invitation Cognito mails with a temporary password (scripts/add-account.ts). */
const inviteMail = {
  subject: "Your Wild Rydes account is ready",
  // Cognito fills {username} with the account's generated id, not the email it signs in with: the text says which.
  message:
    "An account has been made for you on Wild Rydes. Sign in with this email address and the temporary password " +
    `{####} within ${temporaryPasswordValidityDays} days; you will then choose your own password. ` +
    "(Your account id is {username}.)",
};

export const riders = new sst.aws.CognitoUserPool("Riders", {
  usernames: ["email"],
  verify: { emailSubject: "Your Wild Rydes verification code" },
  transform: {
    userPool: (args) => {
      args.passwordPolicy = { ...passwordPolicy, temporaryPasswordValidityDays };
      args.accountRecoverySetting = { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] };
      args.deletionProtection = production ? "ACTIVE" : "INACTIVE";
      // Riders still sign themselves up; unicorn and operator accounts are invited by scripts/add-account.ts.
      args.adminCreateUserConfig = {
        allowAdminCreateUserOnly: false,
        inviteMessageTemplate: { emailSubject: inviteMail.subject, emailMessage: inviteMail.message },
      };
    },
  },
});

export const webClient = riders.addClient("Web", {
  transform: {
    client: (args) => {
      // A browser app keeps no secret; sign-in is SRP only (the password never leaves the browser), no hosted UI.
      args.generateSecret = false;
      args.explicitAuthFlows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
      args.preventUserExistenceErrors = "ENABLED";
      args.allowedOauthFlowsUserPoolClient = false;
      args.allowedOauthFlows = [];
      args.allowedOauthScopes = [];
      args.callbackUrls = [];
      args.supportedIdentityProviders = ["COGNITO"];
    },
  },
});

/**
 * The roles (docs/api.md, "Accounts and roles"): a signed-in account in no group is a rider. Tokens carry the groups in
 * `cognito:groups`, and the handlers' edge decides (functions/src/edge/http.ts): an HTTP API's JWT authorizer can only
 * require scopes, and Cognito grants the same scopes to every password sign-in, whatever the account's groups.
 */
export const roleGroups = {
  unicorns: new aws.cognito.UserGroup("RidersUnicornsGroup", {
    userPoolId: riders.id,
    name: groups.unicorns,
    description: "Crew of a fleet unicorn: the /unicorn routes, each account linked to one crewed unicorn",
  }),
  operators: new aws.cognito.UserGroup("RidersOperatorsGroup", {
    userPoolId: riders.id,
    name: groups.operators,
    description: "Wild Rydes operators: the /ops routes (docs/api.md)",
  }),
};
