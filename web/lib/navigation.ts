/** Safe in-app redirect targets from `?next=`: only same-site paths, never another origin. */
export function safeNext(next: unknown, fallback = "/ride/"): string {
  if (typeof next !== "string") return fallback;
  // "//evil.example" and "/\evil" are protocol-relative in browsers; only plain absolute paths pass.
  if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  return next;
}

/** The first value of a query parameter as a string. */
export function queryValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
