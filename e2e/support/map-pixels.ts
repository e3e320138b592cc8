/** What the map canvas drew, read from a screenshot of it: the share of its pixels near each colour. */
import type { Locator } from "@playwright/test";

/** Shares (0–1) of the element's screenshot pixels within `tolerance` (RGB distance) of each hex colour. */
export async function colourShares<K extends string>(
  element: Locator,
  colours: Record<K, string>,
  tolerance = 16,
): Promise<Record<K, number>> {
  const png = (await element.screenshot({ animations: "disabled" })).toString("base64");
  // The browser decodes PNG already: no image library needed in the test.
  return element.page().evaluate(
    async ({ png, colours, tolerance }) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }), {
        colorSpaceConversion: "none",
      });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext("2d");
      if (!context) throw new Error("no 2D canvas");
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
      const targets = Object.entries(colours).map(([key, hex]) => {
        const n = Number.parseInt(String(hex).slice(1), 16);
        const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
        return { key, r, g, b, count: 0 };
      });
      for (let i = 0; i < data.length; i += 4) {
        for (const t of targets) {
          const d = Math.hypot((data[i] ?? 0) - t.r, (data[i + 1] ?? 0) - t.g, (data[i + 2] ?? 0) - t.b);
          if (d <= tolerance) t.count++;
        }
      }
      const pixels = data.length / 4;
      return Object.fromEntries(targets.map((t) => [t.key, t.count / pixels]));
    },
    { png, colours: colours as Record<string, string>, tolerance },
  ) as Promise<Record<K, number>>;
}

/** "#e4a11b" → "rgb(228, 161, 27)", as getComputedStyle writes colours. */
export function rgbOf(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
