/** A small hand-written SVG chart: latency CDFs (percentile against milliseconds), one line per series. */
export interface Series {
  label: string;
  values: number[];
  color: string;
  dashed?: boolean;
}

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function cdfChart(title: string, series: Series[], width = 720, height = 380): string {
  const pad = { left: 56, right: 16, top: 36, bottom: 44 };
  const all = series.flatMap((s) => s.values).sort((a, b) => a - b);
  // Clip the x axis at the 99.5th percentile so one outlier does not squash the rest.
  const xMax = Math.max(1, all[Math.floor(all.length * 0.995)] ?? all[all.length - 1] ?? 1);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (ms: number) => pad.left + (Math.min(ms, xMax) / xMax) * plotW;
  const y = (p: number) => pad.top + plotH - p * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="system-ui, sans-serif" font-size="12" role="img">`,
    `<title>${xmlText(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${xmlText(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const ms = (xMax * i) / 5;
    parts.push(
      `<line x1="${x(ms)}" y1="${pad.top}" x2="${x(ms)}" y2="${pad.top + plotH}" stroke="#eee"/>`,
      `<text x="${x(ms)}" y="${pad.top + plotH + 16}" text-anchor="middle">${ms.toFixed(0)}</text>`,
    );
  }
  for (const p of [0, 0.25, 0.5, 0.75, 0.9, 1]) {
    parts.push(
      `<line x1="${pad.left}" y1="${y(p)}" x2="${pad.left + plotW}" y2="${y(p)}" stroke="#eee"/>`,
      `<text x="${pad.left - 6}" y="${y(p) + 4}" text-anchor="end">p${Math.round(p * 100)}</text>`,
    );
  }
  parts.push(
    `<text x="${pad.left + plotW / 2}" y="${height - 8}" text-anchor="middle">milliseconds</text>`,
    `<rect x="${pad.left}" y="${pad.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
  );
  // The legend sits bottom right, where CDFs (rising to the right) leave the plot empty.
  const legendY = (index: number) => pad.top + plotH - 14 - (series.length - 1 - index) * 18;
  series.forEach((s, index) => {
    const sorted = [...s.values].sort((a, b) => a - b);
    const points = sorted.map((ms, i) => `${x(ms).toFixed(1)},${y((i + 1) / sorted.length).toFixed(1)}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
    parts.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.join(" ")}"/>`,
      `<line x1="${pad.left + plotW - 230}" y1="${legendY(index)}" x2="${pad.left + plotW - 200}" ` +
        `y2="${legendY(index)}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${pad.left + plotW - 194}" y="${legendY(index) + 4}">${xmlText(s.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
