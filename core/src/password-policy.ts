/** The riders' password policy, defined once: the Cognito pool (cloud and local) enforces it, the web app shows it. */
export const passwordPolicy = {
  minimumLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: false,
} as const;
