// The workshop's settings, in the workshop's shape. Locally: userPoolId, userPoolClientId, region and apiUrl (as
// invokeUrl) from .local/endpoints.json; the e2e spec serves this file filled in from its stack's endpoints.
window._config = {
  cognito: {
    userPoolId: "",
    userPoolClientId: "",
    region: "",
  },
  api: {
    invokeUrl: "",
  },
};
