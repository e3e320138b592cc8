/**
 * The fleet's colours (core/src/store/fleet.ts names them) as the map paints them. Every marker body has a dark outline,
 * so White, Pearl and Silver stay visible on land and water alike.
 */
export const unicornColours = {
  Golden: "#d4a017",
  White: "#ffffff",
  Yellow: "#f5d90a",
  Rose: "#e8779a",
  Lavender: "#b39ddb",
  Silver: "#c0c0c8",
  Blue: "#2f6fd6",
  Black: "#1f1f1f",
  Green: "#2e9e4f",
  Copper: "#b87333",
  Orange: "#f28c28",
  Pearl: "#f3efe6",
} as const;

export type UnicornColour = keyof typeof unicornColours;

/** A colour the fleet does not know yet still draws, in a neutral grey, rather than not at all. */
export function unicornColour(color: string): string {
  return (unicornColours as Record<string, string>)[color] ?? "#8a8598";
}
