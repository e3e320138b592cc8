// MapLibre's CSP build: the same API as "maplibre-gl", with its worker in a separate same-origin file (no blob: worker).
declare module "maplibre-gl/dist/maplibre-gl-csp.js" {
  import * as maplibregl from "maplibre-gl";
  export default maplibregl;
}
