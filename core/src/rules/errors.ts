/** Failures a rider can cause or meet, each with its API code (docs/api.md, "Errors"); anything else is a bug (500). */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "NO_UNICORN_AVAILABLE"
  | "RIDE_IN_PROGRESS"
  | "INVALID_RIDE_STATE"
  | "OFFER_CLOSED"
  | "QUOTE_EXPIRED"
  | "OUTSIDE_SERVICE_AREA"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "IDEMPOTENCY_KEY_REUSED"
  | "UNAVAILABLE";

export interface FieldProblem {
  /** Dotted path of the field, e.g. "pickup.latitude"; "" for the body as a whole. */
  field: string;
  problem: string;
}

export class RideError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Which fields were wrong, or (RIDE_IN_PROGRESS) which ride is active. */
    readonly details?: FieldProblem[] | { rideId: string },
  ) {
    super(message);
    this.name = "RideError";
  }
}

/** 409 NO_UNICORN_AVAILABLE: a quote and a booking both meet it. */
export const noUnicornAvailable = () =>
  new RideError(
    "NO_UNICORN_AVAILABLE",
    "Every unicorn near your pickup is busy right now. Please try again in a minute.",
  );
