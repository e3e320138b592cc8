import { describe, expect, it, vi } from "vitest";
import { type Fetch, mergeOptions, parseSuggestions, reverseGeocode, searchPlaces } from "./place-search";

const downtown = { latitude: 47.6062, longitude: -122.3321 };
const suggestUrl = "https://places.example/v2/suggest?key=k";

/** A fetch stub that records each call and answers with `body` (or fails). */
function stub(answer: { body?: unknown; status?: number; fail?: boolean }) {
  const calls: Array<{ url: string; body: unknown }> = [];
  const fetcher: Fetch = async (url, init) => {
    calls.push({ url, body: JSON.parse(String(init.body)) });
    if (answer.fail) throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status ?? 200 });
  };
  return { calls, fetcher };
}

const suggestion = (title: string, lng: number, lat: number) => ({
  Title: title,
  SuggestResultItemType: "Place",
  Place: { PlaceId: title, Position: [lng, lat] },
});

describe("place search", () => {
  it("offline, answers from the built-in list and calls nothing", async () => {
    const fetcher = vi.fn<Fetch>();
    const options = await searchPlaces("space", downtown, { suggestUrl: null, fetcher });
    expect(options.map((o) => o.name)).toContain("Space Needle");
    expect(fetcher).not.toHaveBeenCalled();
  });

  it("in the cloud, asks Suggest near the map and lists its places after the built-in ones, once each", async () => {
    const { calls, fetcher } = stub({
      body: {
        ResultItems: [
          suggestion("Space Needle", -122.3493, 47.6205),
          suggestion("Spaceworks Cafe, 400 Pine St, Seattle", -122.3371, 47.6117),
          { Title: "space heaters", SuggestResultItemType: "Query" },
          suggestion("Space Center Houston", -95.0979, 29.5519),
        ],
      },
    });
    const options = await searchPlaces("space", downtown, { suggestUrl, fetcher });
    expect(calls).toEqual([
      { url: suggestUrl, body: { QueryText: "space", BiasPosition: [-122.3321, 47.6062], MaxResults: 5 } },
    ]);
    expect(options.map((o) => o.name)).toEqual(["Space Needle", "Spaceworks Cafe, 400 Pine St, Seattle"]);
    expect(options[1]?.at).toEqual({ latitude: 47.6117, longitude: -122.3371 });
    expect(new Set(options.map((o) => o.id)).size).toBe(options.length);
  });

  it("keeps the built-in places when Suggest fails or answers nonsense", async () => {
    for (const answer of [{ fail: true }, { status: 403 }, { body: { ResultItems: "no" } }]) {
      const options = await searchPlaces("pike", downtown, { suggestUrl, fetcher: stub(answer).fetcher });
      expect(options.map((o) => o.name)).toEqual(["Pike Place Market"]);
    }
  });

  it("rethrows an abort, so a search overtaken by new typing never shows", async () => {
    const controller = new AbortController();
    const fetcher: Fetch = async () => {
      controller.abort();
      throw new DOMException("aborted", "AbortError");
    };
    await expect(searchPlaces("pike", downtown, { suggestUrl, signal: controller.signal, fetcher })).rejects.toThrow();
  });

  it("parses only places with a position and merges without repeating names", () => {
    expect(parseSuggestions(null)).toEqual([]);
    expect(parseSuggestions({ ResultItems: [{ Title: "x", Place: { Position: ["a", 1] } }] })).toEqual([]);
    const a = { id: "p-a", name: "Gas Works Park", at: downtown };
    expect(mergeOptions([a], [{ ...a, id: "a-0", name: "gas works park" }])).toEqual([a]);
  });
});

describe("reverse geocoding", () => {
  it("names a point by the first result's title, and says nothing when it cannot", async () => {
    const { calls, fetcher } = stub({ body: { ResultItems: [{ Title: "1st Ave, Seattle, WA 98101" }] } });
    const url = "https://places.example/v2/reverse-geocode?key=k";
    expect(await reverseGeocode(downtown, { url, fetcher })).toBe("1st Ave, Seattle, WA 98101");
    expect(calls[0]?.body).toEqual({ QueryPosition: [-122.3321, 47.6062], MaxResults: 1 });
    expect(await reverseGeocode(downtown, { url, fetcher: stub({ fail: true }).fetcher })).toBeNull();
    expect(await reverseGeocode(downtown, { url, fetcher: stub({ body: { ResultItems: [] } }).fetcher })).toBeNull();
    expect(await reverseGeocode(downtown, { url: null, fetcher })).toBeNull();
  });
});
