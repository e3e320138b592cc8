/**
 * The cloud map's credential: an Amazon Location API key that can only read Maps v2 tiles and look up places
 * (Suggest, ReverseGeocode) for pages of this site, baked into the site's build (infra/site.ts). Why a public key
 * and not Cognito identity credentials: docs/decisions/0011-map.md.
 *
 * The classic provider has no API key resource, so it is declared through Cloud Control; Cloud Control does not
 * return the key's value (not a property of AWS::Location::APIKey), so a tiny function reads it once with
 * DescribeKey at deploy time, as CDK's AwsCustomResource does.
 */
import { handlerDefaults } from "../functions/src/catalogue/routes";
import { router } from "./edge";
import { region } from "./stage";

/** Exactly what web/lib/amazon-location.ts calls: tiles (style, glyphs and sprites come with them), suggestions and
 * reverse geocoding. Suggest answers with positions, so no GetPlace. */
export const mapKeyActions = ["geo-maps:GetTile", "geo-places:Suggest", "geo-places:ReverseGeocode"];

/** `sst dev` serves the site from `next dev` on this origin instead of the router. */
const localSite = "http://localhost:3000";

const keyName = `${$app.name}-${$app.stage}-map`;

export const mapKey = new aws.cloudcontrol.Resource("MapKey", {
  typeName: "AWS::Location::APIKey",
  desiredState: $resolve({ region, site: router.url }).apply(({ region, site }) =>
    JSON.stringify({
      KeyName: keyName,
      Description: `Wild Rydes ${$app.stage}: map tiles and place lookups for ${site} only`,
      // Rotation is replacing the key (a new KeyName), not an expiry date that would blank the map one day.
      NoExpiry: true,
      Restrictions: {
        AllowActions: mapKeyActions,
        AllowResources: [
          `arn:aws:geo-maps:${region}::provider/default`,
          `arn:aws:geo-places:${region}::provider/default`,
        ],
        // Cross-origin requests carry the page's origin as Referer (strict-origin-when-cross-origin).
        AllowReferers: [`${site}/*`, ...($dev ? [`${localSite}/*`] : [])],
      },
    }),
  ),
});

const keyArn = mapKey.properties.apply((properties) => String(JSON.parse(properties).Arn));

const readerRole = new aws.iam.Role("MapKeyReaderRole", {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
  managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
  inlinePolicies: [
    {
      name: "DescribeMapKey",
      policy: $jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["geo:DescribeKey"], Resource: [keyArn] }],
      }),
    },
  ],
});

// The Node.js runtime ships the AWS SDK v3, so the function is these few lines and nothing to bundle.
const reader = new aws.lambda.Function("MapKeyReader", {
  description: "Reads the map API key's value at deploy time (Cloud Control does not return it)",
  runtime: handlerDefaults.runtime,
  architectures: [handlerDefaults.architecture],
  handler: "index.handler",
  role: readerRole.arn,
  code: new $util.asset.AssetArchive({
    "index.mjs": new $util.asset.StringAsset(
      [
        'import { DescribeKeyCommand, LocationClient } from "@aws-sdk/client-location";',
        "const client = new LocationClient({});",
        "export const handler = async ({ keyName }) =>",
        "  ({ key: (await client.send(new DescribeKeyCommand({ KeyName: keyName }))).Key });",
      ].join("\n"),
    ),
  }),
});

// Invoked on create and whenever the key is replaced (its ARN or creation time changes).
const read = new aws.lambda.Invocation("MapKeyRead", {
  functionName: reader.name,
  input: JSON.stringify({ keyName }),
  triggers: {
    key: mapKey.properties.apply((properties) => {
      const { Arn, CreateTime } = JSON.parse(properties);
      return `${Arn} ${CreateTime}`;
    }),
  },
});

/** The key's value, for NEXT_PUBLIC_MAP_API_KEY: public by design (see the decision record). */
export const mapKeyValue = read.result.apply((result) => String(JSON.parse(result).key));
