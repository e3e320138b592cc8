/* Types of the resources linked to the handlers; `sst dev`/`sst install` regenerate this file with the same shape. */
/* deno-fmt-ignore-file */
import "sst";
declare module "sst" {
  export interface Resource {
    Lake: {
      deliveryStream: string;
      type: "sst.sst.Linkable";
    };
    LakeQueries: {
      database: string;
      workgroup: string;
      type: "sst.sst.Linkable";
    };
    Live: {
      httpUrl: string;
      realtimeUrl: string;
      type: "sst.sst.Linkable";
    };
    OfferChain: {
      name: string;
      qualifier: string;
      type: "sst.aws.Workflow";
    };
    Table: {
      name: string;
      type: "sst.aws.Dynamo";
    };
  }
}
export {};
