/** The fleet's roster: who exists and where they start. Browser-safe, so the home page can draw it. */
import type { Unicorn } from "./api-shapes";
import type { Location } from "./request-bodies";

export interface UnicornProfile extends Unicorn {
  location: Location;
  /** Cruising speed in metres per second, for the ETA. */
  speedMps: number;
}

/** Twelve unicorns around Seattle (47.61, -122.33), the original workshop's three among them. */
export const seattleFleet: readonly UnicornProfile[] = [
  {
    name: "Bucephalus",
    color: "Golden",
    gender: "Male",
    location: { latitude: 47.6145, longitude: -122.3394 },
    speedMps: 20,
  },
  {
    name: "Shadowfax",
    color: "White",
    gender: "Male",
    location: { latitude: 47.6062, longitude: -122.3321 },
    speedMps: 25,
  },
  {
    name: "Rocinante",
    color: "Yellow",
    gender: "Female",
    location: { latitude: 47.6205, longitude: -122.3493 },
    speedMps: 18,
  },
  {
    name: "Aurora",
    color: "Rose",
    gender: "Female",
    location: { latitude: 47.6097, longitude: -122.3422 },
    speedMps: 22,
  },
  {
    name: "Celestia",
    color: "Lavender",
    gender: "Female",
    location: { latitude: 47.6253, longitude: -122.3222 },
    speedMps: 21,
  },
  {
    name: "Nimbus",
    color: "Silver",
    gender: "Male",
    location: { latitude: 47.6001, longitude: -122.3255 },
    speedMps: 19,
  },
  {
    name: "Starlight",
    color: "Blue",
    gender: "Female",
    location: { latitude: 47.6159, longitude: -122.3197 },
    speedMps: 23,
  },
  {
    name: "Thunder",
    color: "Black",
    gender: "Male",
    location: { latitude: 47.6314, longitude: -122.3581 },
    speedMps: 24,
  },
  {
    name: "Willow",
    color: "Green",
    gender: "Female",
    location: { latitude: 47.5952, longitude: -122.3316 },
    speedMps: 17,
  },
  {
    name: "Comet",
    color: "Copper",
    gender: "Male",
    location: { latitude: 47.6088, longitude: -122.3511 },
    speedMps: 26,
  },
  {
    name: "Marigold",
    color: "Orange",
    gender: "Female",
    location: { latitude: 47.6387, longitude: -122.3455 },
    speedMps: 20,
  },
  {
    name: "Pegasus",
    color: "Pearl",
    gender: "Male",
    location: { latitude: 47.6176, longitude: -122.3609 },
    speedMps: 27,
  },
];
