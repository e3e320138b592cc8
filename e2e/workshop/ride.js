/*global AmazonCognitoIdentity _config*/
// A small re-creation of the Wild Rydes workshop's ride page: the session from the Cognito SDK's localStorage,
// then the workshop's own request — POST <invokeUrl>/ride with the bare id token — and its sentence.
(() => {
  const pickup = { latitude: 47.6097, longitude: -122.3422 };
  const button = document.getElementById("request");
  const updates = document.getElementById("updates");

  function displayUpdate(text) {
    const item = document.createElement("li");
    item.textContent = text;
    updates.append(item);
  }

  // As the workshop's cognito-auth.js: the current user's id token, or null without a valid session.
  function currentIdToken() {
    const pool = new AmazonCognitoIdentity.CognitoUserPool({
      UserPoolId: _config.cognito.userPoolId,
      ClientId: _config.cognito.userPoolClientId,
    });
    const user = pool.getCurrentUser();
    if (!user) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      user.getSession((error, session) => {
        if (error) reject(error);
        else resolve(session.isValid() ? session.getIdToken().getJwtToken() : null);
      });
    });
  }

  async function requestUnicorn(authToken) {
    const response = await fetch(`${_config.api.invokeUrl}/ride`, {
      method: "POST",
      headers: { Authorization: authToken, "Content-Type": "application/json" },
      body: JSON.stringify({ PickupLocation: { Latitude: pickup.latitude, Longitude: pickup.longitude } }),
    });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    return response.json();
  }

  function completeRequest(result) {
    const unicorn = result.Unicorn;
    const pronoun = unicorn.Gender === "Male" ? "his" : "her";
    displayUpdate(`${unicorn.Name}, your ${unicorn.Color} unicorn, is on ${pronoun} way.`);
  }

  if (!_config.api.invokeUrl) {
    displayUpdate("No API configured: set api.invokeUrl in config.js.");
    return;
  }
  currentIdToken().then(
    (authToken) => {
      if (!authToken) {
        displayUpdate("Not signed in: this page needs a session of a rider.");
        return;
      }
      displayUpdate("You are authenticated.");
      button.disabled = false;
      button.addEventListener("click", () => {
        button.disabled = true;
        requestUnicorn(authToken).then(completeRequest, (error) => {
          displayUpdate(`An error occurred when requesting your unicorn: ${error.message}`);
          button.disabled = false;
        });
      });
    },
    (error) => displayUpdate(`Could not read the session: ${error.message}`),
  );
})();
