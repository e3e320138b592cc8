/**
 * What a trip costs and where the service runs: one module for the handlers and the web app alike (browser-safe).
 * Unicorns fly, so a trip is the great-circle distance at the fleet's cruising speed.
 */
import type { Money } from "./api-shapes";
import { RideError } from "./errors";
import { Geo, type Location } from "./geo";

export type { Money };

export interface TripPlan {
  distanceMetres: number;
  tripSeconds: number;
  fare: Money;
}

export const usd = (amount: number): Money => ({ amount, currency: "USD" });

export namespace Fares {
  /** Pricing and trip time use the fleet's cruising speed, whatever the unicorn's own (which sets the pickup ETA). */
  export const cruisingSpeedMps = 20;
  export const baseCents = 250;
  export const perKmCents = 175;
  export const perMinuteCents = 40;
  export const minimumCents = 500;
  /** Charged when the rider cancels after the unicorn has arrived, and when the rider never boards. */
  export const lateCancelFeeCents = 500;
  export const noShowFeeCents = 500;
  /** How long a quote's price holds. */
  export const quoteValidSeconds = 120;

  /** max(500, round(250 + 175 × km + 40 × minutes)), rounded half up once, at the end. */
  export function fareFor(distanceMetres: number, tripSeconds: number): Money {
    const exact = baseCents + perKmCents * (distanceMetres / 1000) + perMinuteCents * (tripSeconds / 60);
    return usd(Math.max(minimumCents, Math.floor(exact + 0.5)));
  }

  export function plan(pickup: Location, dropoff: Location): TripPlan {
    const distanceMetres = Geo.distanceMetres(pickup, dropoff);
    const tripSeconds = Math.ceil(distanceMetres / cruisingSpeedMps);
    return { distanceMetres, tripSeconds, fare: fareFor(distanceMetres, tripSeconds) };
  }

  /** A crewed unicorn's share of every ride's charge. */
  export const crewShare = 0.8;

  /** The crew's cut of a charge: 80 %, in whole cents, half up (per ride, so a total is the sum of its rides'). */
  export function crewCut(charged: Money | undefined): number {
    return charged ? Math.floor(charged.amount * crewShare + 0.5) : 0;
  }

  /** "$12.34" for riders. */
  export function format(money: Money): string {
    return `$${(money.amount / 100).toFixed(2)}`;
  }
}

export namespace ServiceArea {
  /** Downtown Seattle. */
  export const centre: Location = { latitude: 47.6062, longitude: -122.3321 };
  export const radiusMetres = 25_000;
  /** The area in words, for every message that names it. */
  export const extent = `within ${radiusMetres / 1000} km of downtown Seattle`;
  export const sentence = `Wild Rydes flies ${extent}`;

  export function contains(location: Location): boolean {
    return Geo.distanceMetres(centre, location) <= radiusMetres;
  }

  /** One problem per point outside the area, named as the request names it. */
  export function problems(points: { pickup: Location; dropoff?: Location }) {
    return (["pickup", "dropoff"] as const)
      .filter((field) => points[field] && !contains(points[field]))
      .map((field) => ({ field, problem: `outside the service area (${extent})` }));
  }

  /** 422 OUTSIDE_SERVICE_AREA naming each point outside the area. */
  export function refuseOutside(points: { pickup: Location; dropoff?: Location }): void {
    const details = problems(points);
    if (details.length === 0) return;
    const which = details.map((d) => d.field).join(" and ");
    throw new RideError("OUTSIDE_SERVICE_AREA", `${sentence}: your ${which} is outside it.`, details);
  }
}
