/**
 * The ride-events lake's one table (issue 23): a row per stored ride change, as the table's stream delivered it.
 * The columns are declared once here for the three writers of its schema: the local sink's Parquet (DuckDB), the Glue
 * table Athena reads and Firehose's Parquet conversion. Times are epoch milliseconds (BIGINT), so the one set of
 * queries (./queries.ts) does the same arithmetic in Trino and DuckDB.
 */
import geohash from "ngeohash";
import type { RideItem } from "../store/ride-item";

export interface RideChangeRow {
  /** The stream record's eventID: the same on every redelivery, so the queries count each change once. */
  event_id: string;
  /** When the change was stored (the record's approximate creation time). */
  event_ms: number;
  ride_id: string;
  rider_id: string;
  unicorn_id: string | null;
  status: string;
  cancel_reason: string | null;
  requested_ms: number;
  accepted_ms: number | null;
  arrives_ms: number | null;
  boarded_ms: number | null;
  /** When it ended: completed, cancelled or a no-show. */
  ended_ms: number | null;
  fare_cents: number;
  charged_cents: number | null;
  pickup_lat: number;
  pickup_lon: number;
  /** The pickup's geohash at `pickupCellPrecision`: the heat map's cell. */
  pickup_cell: string;
  /** The partition: the UTC day of `event_ms`, `YYYY-MM-DD`. */
  dt: string;
}

/** About 1.2 × 0.6 km: a city block's worth of pickups per heat-map cell. */
export const pickupCellPrecision = 6;

type Column = {
  name: keyof RideChangeRow;
  duckdb: "VARCHAR" | "BIGINT" | "DOUBLE";
  glue: "string" | "bigint" | "double";
};
const text = (name: Column["name"]): Column => ({ name, duckdb: "VARCHAR", glue: "string" });
const millis = (name: Column["name"]): Column => ({ name, duckdb: "BIGINT", glue: "bigint" });
const real = (name: Column["name"]): Column => ({ name, duckdb: "DOUBLE", glue: "double" });

/** The columns in file order; `dt` is the partition (a folder, `dt=YYYY-MM-DD/`), last. */
export const rideChangeColumns: readonly Column[] = [
  text("event_id"),
  millis("event_ms"),
  text("ride_id"),
  text("rider_id"),
  text("unicorn_id"),
  text("status"),
  text("cancel_reason"),
  millis("requested_ms"),
  millis("accepted_ms"),
  millis("arrives_ms"),
  millis("boarded_ms"),
  millis("ended_ms"),
  millis("fare_cents"),
  millis("charged_cents"),
  real("pickup_lat"),
  real("pickup_lon"),
  text("pickup_cell"),
  text("dt"),
];

const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

/** The lake's row for a stored ride (the stream record's new image), its event id and time. */
export function toRideChangeRow(ride: RideItem, eventId: string, eventMs: number): RideChangeRow {
  const requested = Date.parse(ride.requestedAt);
  return {
    event_id: eventId,
    event_ms: eventMs,
    ride_id: ride.rideId,
    rider_id: ride.riderId,
    unicorn_id: ride.unicorn?.unicornId ?? null,
    status: ride.status,
    cancel_reason: ride.cancelReason ?? null,
    requested_ms: requested,
    // A bot's ride is taken at its request; a crewed unicorn's when it accepted.
    accepted_ms: ms(ride.acceptedAt) ?? (ride.unicorn ? requested : null),
    arrives_ms: ms(ride.arrivesAt),
    boarded_ms: ms(ride.boardedAt),
    ended_ms: ms(ride.completedAt ?? ride.cancelledAt ?? ride.noShowAt),
    fare_cents: ride.fare.amount,
    charged_cents: ride.charged?.amount ?? null,
    pickup_lat: ride.pickup.latitude,
    pickup_lon: ride.pickup.longitude,
    pickup_cell: geohash.encode(ride.pickup.latitude, ride.pickup.longitude, pickupCellPrecision),
    dt: new Date(eventMs).toISOString().slice(0, 10),
  };
}

/** The ride's newest time stamp (request, acceptance, boarding, end): the change that wrote it is no older. */
export function latestStampOf(ride: RideItem): number {
  const stamps = [ride.requestedAt, ride.acceptedAt, ride.boardedAt, ride.completedAt, ride.cancelledAt, ride.noShowAt];
  return Math.max(...stamps.map((at) => (at ? Date.parse(at) : 0)));
}
