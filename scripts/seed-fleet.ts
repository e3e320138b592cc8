/**
 * Seeds the unicorn fleet into a deployed stage's table (the local stack seeds itself). Adds missing unicorns
 * only, so it is safe to run again. Run with the stage's resources linked:
 *   npx sst shell --stage <stage> -- npx tsx scripts/seed-fleet.ts
 */
import { Db } from "@wildrydes/core/store/db";
import { Fleet, seattleFleet } from "@wildrydes/core/store/fleet";

await Fleet.seed(seattleFleet);
console.log(`Seeded ${seattleFleet.length} unicorns into ${Db.tableName()}.`);
