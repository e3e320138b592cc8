/**
 * Crewed unicorns (v3): the account linked to each, its shift, its jobs and what it has earned. A link lives in the
 * account's partition (read on every unicorn route) and the unicorn's profile names its account, written together.
 */
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Money, Ride, UnicornSelf } from "../rules/api-shapes";
import { RideError } from "../rules/errors";
import { usd } from "../rules/fares";
import type { UnicornProfile } from "../rules/roster";
import { Db } from "./db";
import { type StoredUnicorn, toFleetMember } from "./fleet-member";
import { Keys } from "./keys";
import { type RideItem, toRide } from "./ride-item";
import { Tallies } from "./tallies";

/** The crew's share of every ride's charge, rounded half up per ride. */
export const crewShare = 0.8;

export interface CrewLink {
  unicornId: string;
  /** The unicorn's name: its profile's key. */
  name: string;
}

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

  /** The unicorn's own view: the fleet's, plus its shift and earnings. */
  export async function self(link: CrewLink, now = new Date()): Promise<UnicornSelf> {
    const [profile, rated, jobs] = await Promise.all([
      profileOf(link),
      Tallies.ratingsOf(link.name),
      allJobs(link, now),
    ]);
    const today = now.toISOString().slice(0, 10);
    const earned = (rides: Ride[]) => usd(rides.reduce((sum, ride) => sum + crewCut(ride.charged), 0));
    const endedToday = jobs.filter((r) => (r.completedAt ?? r.cancelledAt ?? r.noShowAt ?? "").startsWith(today));
    return {
      ...toFleetMember(profile, rated),
      crewed: true,
      onShift: profile.onShift === true,
      earnings: { today: earned(endedToday), total: earned(jobs) },
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
    const profile = (await profileOf(link)) as StoredUnicorn & { rideId?: string; riderId?: string };
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

  async function allJobs(link: CrewLink, now: Date): Promise<Ride[]> {
    const rides: Ride[] = [];
    let after: string | undefined;
    do {
      const page = await jobs(link, 100, after, now);
      rides.push(...page.rides);
      after = page.last ?? undefined;
    } while (after);
    return rides;
  }

  async function ridesOf(pointers: JobPointer[], now: Date): Promise<Ride[]> {
    if (pointers.length === 0) return [];
    const keys = pointers.map((p) => Keys.ride(p.riderId, p.rideId));
    const out = await Db.documents().send(new BatchGetCommand({ RequestItems: { [Db.tableName()]: { Keys: keys } } }));
    const found = new Map(((out.Responses?.[Db.tableName()] ?? []) as RideItem[]).map((r) => [r.rideId, r]));
    return pointers.flatMap((p) => {
      const item = found.get(p.rideId);
      return item ? [toRide(item, now)] : [];
    });
  }
}

/** 80 % of a charge, in whole cents, half up. */
function crewCut(charged: Money | undefined): number {
  return charged ? Math.floor(charged.amount * crewShare + 0.5) : 0;
}
