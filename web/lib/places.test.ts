import { ServiceArea } from "@wildrydes/core/rules/fares";
import { Geo } from "@wildrydes/core/rules/geo";
import { describe, expect, it } from "vitest";
import { findPlaces, nameOf, neighbourhoods, places } from "./places";

describe("Seattle's known places", () => {
  it("all lie inside the service area, so any of them can be a pickup or a destination", () => {
    for (const place of [...places, ...neighbourhoods]) expect(ServiceArea.contains(place.at), place.name).toBe(true);
  });

  it("names a point at a place after it, a point close by as near it, and keeps the coordinates as a detail", () => {
    expect(nameOf({ latitude: 47.6205, longitude: -122.3493 })).toEqual({
      name: "Space Needle",
      coordinates: "47.62050, -122.34930",
    });
    const nearNeedle = { latitude: 47.6225, longitude: -122.3493 };
    expect(Geo.distanceMetres(nearNeedle, { latitude: 47.6205, longitude: -122.3493 })).toBeGreaterThan(120);
    expect(nameOf(nearNeedle).name).toMatch(/^Near /);
  });

  it("gives no name far from everything it knows (Sydney)", () => {
    expect(nameOf({ latitude: -33.8688, longitude: 151.2093 }).name).toBeNull();
  });

  it("finds places by name, alias, any word or a typo-free fragment, without caring about case or accents", () => {
    expect(findPlaces("space needle")[0]?.name).toBe("Space Needle");
    expect(findPlaces("mopop")[0]?.name).toBe("Museum of Pop Culture");
    expect(findPlaces("PIKE")[0]?.name).toBe("Pike Place Market");
    expect(findPlaces("international").map((p) => p.name)).toContain("Chinatown–International District");
    expect(findPlaces("seatac")[0]?.name).toBe("Seattle–Tacoma International Airport");
    expect(findPlaces("   ")).toEqual([]);
    expect(findPlaces("zzzz")).toEqual([]);
  });

  it("puts names that start with the words typed before names that merely contain them", () => {
    const names = findPlaces("park").map((p) => p.name);
    expect(names.length).toBeGreaterThan(3);
    expect(findPlaces("green")[0]?.name).toBe("Green Lake Park");
  });
});
