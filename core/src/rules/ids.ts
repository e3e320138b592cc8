/** Ride ids are ULIDs (Crockford's base 32, 26 characters): one pattern for the schemas, the store and the docs. */
export const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A ride id can only name a ride if it is a ULID; anything else is simply not found. */
export function isRideId(value: string | undefined): value is string {
  return value !== undefined && ulidPattern.test(value);
}
