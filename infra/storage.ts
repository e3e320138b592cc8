/** The one DynamoDB table; its keys, indexes and stream come from core/src/store/table.ts, shared with the local stack. */
import { Table } from "../core/src/store/table";
import { production } from "./stage";

export const table = new sst.aws.Dynamo(Table.linkName, {
  ...Table.sst,
  deletionProtection: production,
  transform: {
    table: (args) => {
      // SST always enables point-in-time recovery; dev stages do not need to pay for it.
      args.pointInTimeRecovery = { enabled: production };
    },
  },
});

/** What a route or schedule entry may link, by the name functions/src/catalogue/routes.ts uses. */
export const linkable = { Table: table } as const;
