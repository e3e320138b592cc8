/** The fleet's roster: who exists and where they start. Browser-safe, so the home page can draw it. */
import type { Unicorn } from "./api-shapes";
import type { Location } from "./request-bodies";

export interface UnicornProfile extends Unicorn {
  location: Location;
  /** Cruising speed in metres per second, for the ETA. */
  speedMps: number;
  /** Flown by a person with an account (v3): gets offers only while on shift. Bots accept at once. */
  crewed?: boolean;
}

/** A unicorn's stable id: its name in lower case, [a-z0-9-]. */
export const unicornIdOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40);

/** Twelve bots around Seattle (47.61, -122.33), the original workshop's three among them, and three crewed unicorns. */
export const seattleFleet: readonly UnicornProfile[] = [
  {
    unicornId: "bucephalus",
    name: "Bucephalus",
    color: "Golden",
    gender: "Male",
    location: { latitude: 47.6145, longitude: -122.3394 },
    speedMps: 20,
  },
  {
    unicornId: "shadowfax",
    name: "Shadowfax",
    color: "White",
    gender: "Male",
    location: { latitude: 47.6062, longitude: -122.3321 },
    speedMps: 25,
  },
  {
    unicornId: "rocinante",
    name: "Rocinante",
    color: "Yellow",
    gender: "Female",
    location: { latitude: 47.6205, longitude: -122.3493 },
    speedMps: 18,
  },
  {
    unicornId: "aurora",
    name: "Aurora",
    color: "Rose",
    gender: "Female",
    location: { latitude: 47.6097, longitude: -122.3422 },
    speedMps: 22,
  },
  {
    unicornId: "celestia",
    name: "Celestia",
    color: "Lavender",
    gender: "Female",
    location: { latitude: 47.6253, longitude: -122.3222 },
    speedMps: 21,
  },
  {
    unicornId: "nimbus",
    name: "Nimbus",
    color: "Silver",
    gender: "Male",
    location: { latitude: 47.6001, longitude: -122.3255 },
    speedMps: 19,
  },
  {
    unicornId: "starlight",
    name: "Starlight",
    color: "Blue",
    gender: "Female",
    location: { latitude: 47.6159, longitude: -122.3197 },
    speedMps: 23,
  },
  {
    unicornId: "thunder",
    name: "Thunder",
    color: "Black",
    gender: "Male",
    location: { latitude: 47.6314, longitude: -122.3581 },
    speedMps: 24,
  },
  {
    unicornId: "willow",
    name: "Willow",
    color: "Green",
    gender: "Female",
    location: { latitude: 47.5952, longitude: -122.3316 },
    speedMps: 17,
  },
  {
    unicornId: "comet",
    name: "Comet",
    color: "Copper",
    gender: "Male",
    location: { latitude: 47.6088, longitude: -122.3511 },
    speedMps: 26,
  },
  {
    unicornId: "marigold",
    name: "Marigold",
    color: "Orange",
    gender: "Female",
    location: { latitude: 47.6387, longitude: -122.3455 },
    speedMps: 20,
  },
  {
    unicornId: "pegasus",
    name: "Pegasus",
    color: "Pearl",
    gender: "Male",
    location: { latitude: 47.6176, longitude: -122.3609 },
    speedMps: 27,
  },
  {
    unicornId: "stardust",
    name: "Stardust",
    color: "Golden",
    gender: "Female",
    location: { latitude: 47.6118, longitude: -122.3372 },
    speedMps: 21,
    crewed: true,
  },
  {
    unicornId: "moonbeam",
    name: "Moonbeam",
    color: "Silver",
    gender: "Male",
    location: { latitude: 47.6178, longitude: -122.3301 },
    speedMps: 22,
    crewed: true,
  },
  {
    unicornId: "bramble",
    name: "Bramble",
    color: "Green",
    gender: "Female",
    location: { latitude: 47.6031, longitude: -122.3362 },
    speedMps: 20,
    crewed: true,
  },
];
