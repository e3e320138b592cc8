/**
 * Crewed unicorns (v3): the account linked to each, its shift, its jobs and what it has earned. A link lives in the
 * account's partition (read on every unicorn route) and the unicorn's profile names its account, written together.
 */
import { GetCommand, paginateQuery, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { encodeTime } from "ulid";
import type { Ride, UnicornSelf } from "../rules/api-shapes";
import { RideError } from "../rules/errors";
import { Fares, usd } from "../rules/fares";
import { RideClock } from "../rules/ride-clock";
import type { UnicornProfile } from "../rules/roster";
import { batchGet } from "./batch-get";
import { Db } from "./db";
import { type StoredUnicorn, toFleetMember } from "./fleet-member";
import { Keys } from "./keys";
import { type RideItem, toRide } from "./ride-item";
import { Tallies } from "./tallies";

export interface CrewLink {
  unicornId: string;
  /** The unicorn's name: its profile's key. */
  name: string;
}

/** No ride lasts a day from its request (the service area is 50 km across; its waits are minutes): today's jobs were
 * all requested since a day before today began. */
const longestRideMs = 24 * 3_600_000;

interface JobPointer {
  riderId: string;
  rideId: string;
}

export namespace Crew {
  /** Links an account to a crewed unicorn, once: a second account for the same unicorn, or a bot, is refused. */
  export async function link(accountSub: string, unicorn: UnicornProfile): Promise<void> {
    await Db.documents().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: Db.tableName(),
              Item: { ...Keys.crewLink(accountSub), kind: "crew", unicornId: unicorn.unicornId, name: unicorn.name },
              ConditionExpression: "attribute_not_exists(pk) OR unicornId = :id",
              ExpressionAttributeValues: { ":id": unicorn.unicornId },
            },
          },
          {
            Update: {
              TableName: Db.tableName(),
              Key: Keys.unicorn(unicorn.name),
              UpdateExpression: "SET accountSub = :sub",
              ConditionExpression: "crewed = :yes AND (attribute_not_exists(accountSub) OR accountSub = :sub)",
              ExpressionAttributeValues: { ":sub": accountSub, ":yes": true },
            },
          },
        ],
      }),
    );
  }

  /** The unicorn an account flies, or null for an account linked to none. */
  export async function linkOf(accountSub: string): Promise<CrewLink | null> {
    const out = await Db.documents().send(
      new GetCommand({ TableName: Db.tableName(), Key: Keys.crewLink(accountSub) }),
    );
    return out.Item ? { unicornId: String(out.Item.unicornId), name: String(out.Item.name) } : null;
  }

  /**
   * The unicorn's own view: the fleet's, plus its shift and earnings. The total is the profile's `earnedCents` (added by
   * each ending) plus a job the clock has ended and the sweep not yet stored; today's is summed from the jobs requested
   * since a day before today began. Neither reads a unicorn's whole history.
   */
  export async function self(link: CrewLink, now = new Date()): Promise<UnicornSelf> {
    const today = now.toISOString().slice(0, 10);
    const [profile, rated, recent] = await Promise.all([
      profileOf(link),
      Tallies.ratingsOf(link.name),
      jobsSince(link, Date.parse(today) - longestRideMs, now),
    ]);
    const cut = (rides: Ride[]) => rides.reduce((sum, ride) => sum + Fares.crewCut(ride.charged), 0);
    const endedToday = recent.filter((r) => (r.completedAt ?? r.cancelledAt ?? r.noShowAt ?? "").startsWith(today));
    // Still holding a job the clock has ended: the ending that adds its cut to `earnedCents` (and frees it) is to come.
    const holding = profile.status === "BUSY" ? profile.rideId : undefined;
    const unswept = recent.filter((r) => r.rideId === holding && !RideClock.isActive(r.status));
    return {
      ...toFleetMember(profile, rated),
      crewed: true,
      onShift: profile.onShift === true,
      earnings: {
        today: usd(cut(endedToday)),
        total: usd((profile.earnedCents ?? 0) + cut(unswept)),
      },
    };
  }

  /** Goes on or off shift. Off shift keeps the current job; it only stops new offers. */
  export async function setShift(link: CrewLink, onShift: boolean, now = new Date()): Promise<UnicornSelf> {
    await Db.documents().send(
      new UpdateCommand({
        TableName: Db.tableName(),
        Key: Keys.unicorn(link.name),
        UpdateExpression: "SET onShift = :on",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":on": onShift },
      }),
    );
    return self(link, now);
  }

  /** The unicorn's jobs, newest first, a page at a time (the cursor is the last job's ride id). */
  export async function jobs(link: CrewLink, limit: number, after?: string, now = new Date()) {
    const out = await Db.documents().send(
      new QueryCommand({
        TableName: Db.tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :job)",
        ExpressionAttributeValues: { ":pk": Keys.job(link.name, "").pk, ":job": Keys.jobPrefix },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: after ? Keys.job(link.name, after) : undefined,
      }),
    );
    const rides = await ridesOf((out.Items ?? []) as JobPointer[], now);
    const last = out.LastEvaluatedKey as { sk?: string } | undefined;
    return { rides, last: last?.sk ? last.sk.slice(Keys.jobPrefix.length) : null };
  }

  /** The job the unicorn is on now, or 404. */
  export async function currentJob(link: CrewLink, now = new Date()): Promise<Ride> {
    const profile = await profileOf(link);
    if (profile.status === "BUSY" && profile.rideId && profile.riderId) {
      const [ride] = await ridesOf([{ riderId: profile.riderId, rideId: profile.rideId }], now);
      if (ride) return ride;
    }
    throw new RideError("NOT_FOUND", "You have no job right now.");
  }

  async function profileOf(link: CrewLink): Promise<StoredUnicorn> {
    const out = await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key: Keys.unicorn(link.name) }));
    if (!out.Item) throw new RideError("NOT_FOUND", "Your unicorn is not in the fleet.");
    return out.Item as StoredUnicorn;
  }

  /** The jobs requested since `sinceMs` (a ride id is a ULID: its first ten characters are its request time). */
  async function jobsSince(link: CrewLink, sinceMs: number, now: Date) {
    const { pk } = Keys.job(link.name, "");
    const [from, to] = [Keys.job(link.name, encodeTime(sinceMs, 10)).sk, Keys.job(link.name, "~").sk];
    const pointers: JobPointer[] = [];
    const pages = paginateQuery(
      { client: Db.documents(), pageSize: 100 },
      {
        TableName: Db.tableName(),
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": pk, ":from": from, ":to": to },
      },
    );
    for await (const page of pages) pointers.push(...((page.Items ?? []) as JobPointer[]));
    return ridesOf(pointers, now);
  }

  /** Each pointer's ride as shown now, in the pointers' order. */
  async function ridesOf(pointers: JobPointer[], now: Date): Promise<Ride[]> {
    const found = await batchGet<RideItem>(pointers.map((p) => Keys.ride(p.riderId, p.rideId)));
    const byId = new Map(found.map((item) => [item.rideId, item]));
    return pointers.flatMap((p) => {
      const item = byId.get(p.rideId);
      return item ? [toRide(item, now)] : [];
    });
  }
}
