/** Upfront prices: a quote holds a trip's fare for two minutes, in the rider's own partition. */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { ulid } from "ulid";
import type { Quote } from "../rules/api-shapes";
import { noUnicornAvailable, RideError } from "../rules/errors";
import { Fares, ServiceArea } from "../rules/fares";
import { Geo, type Location } from "../rules/geo";
import { Db } from "./db";
import { Dispatch } from "./dispatch";
import { Keys } from "./keys";

export type { Quote };

/** DynamoDB's TTL removes a quote this long after it expired (TTL deletion is lazy; reads check expiresAt). */
const keepSeconds = 5 * 60;
const quoteIdPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export namespace Quotes {
  export async function create(riderId: string, pickup: Location, dropoff: Location, now = new Date()): Promise<Quote> {
    ServiceArea.refuseOutside({ pickup, dropoff });
    const [nearest] = await Dispatch.nearestAvailableUnicorns(pickup);
    if (!nearest) {
      throw noUnicornAvailable();
    }
    const quoteId = ulid(now.getTime());
    const validUntil = now.getTime() + Fares.quoteValidSeconds * 1000;
    const quote: Quote = {
      quoteId,
      pickup,
      dropoff,
      ...Fares.plan(pickup, dropoff),
      pickupEtaSeconds: Math.ceil(Geo.distanceMetres(nearest.location, pickup) / nearest.speedMps),
      expiresAt: new Date(validUntil).toISOString(),
    };
    const item = {
      ...Keys.quote(riderId, quoteId),
      kind: "quote",
      ...quote,
      // The table's TTL attribute is epoch seconds (shared with idempotency records): not the API's ISO expiresAt.
      expiresAt: Math.ceil(validUntil / 1000) + keepSeconds,
      validUntil: quote.expiresAt,
    };
    await Db.documents().send(new PutCommand({ TableName: Db.tableName(), Item: item }));
    return quote;
  }

  /** The rider's own quote, still valid: 404 when missing or another rider's, 410 once expired. */
  export async function valid(riderId: string, quoteId: string, now = new Date()): Promise<Quote> {
    const out: { Item?: Record<string, unknown> } = quoteIdPattern.test(quoteId)
      ? await Db.documents().send(new GetCommand({ TableName: Db.tableName(), Key: Keys.quote(riderId, quoteId) }))
      : {};
    const item = out.Item as (Omit<Quote, "expiresAt"> & { validUntil: string }) | undefined;
    if (!item) throw new RideError("NOT_FOUND", "There is no such quote.");
    if (now.getTime() > Date.parse(item.validUntil)) {
      throw new RideError("QUOTE_EXPIRED", "This price has expired: ask for a new quote.");
    }
    const { pickup, dropoff, fare, distanceMetres, tripSeconds, pickupEtaSeconds } = item;
    return {
      quoteId,
      pickup,
      dropoff,
      fare,
      distanceMetres,
      tripSeconds,
      pickupEtaSeconds,
      expiresAt: item.validUntil,
    };
  }
}
