/** The riders' Cognito user pool and the browser's client; the password policy is core/src/rules/password-policy.ts. */
import { passwordPolicy } from "../core/src/rules/password-policy";
import { production } from "./stage";

export const riders = new sst.aws.CognitoUserPool("Riders", {
  usernames: ["email"],
  verify: { emailSubject: "Your Wild Rydes verification code" },
  transform: {
    userPool: (args) => {
      args.passwordPolicy = { ...passwordPolicy, temporaryPasswordValidityDays: 7 };
      args.accountRecoverySetting = { recoveryMechanisms: [{ name: "verified_email", priority: 1 }] };
      args.deletionProtection = production ? "ACTIVE" : "INACTIVE";
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
