/**
 * The gateway's answers to requests API Gateway never passes on: a target that is not a path, headers over its
 * quota, and whatever node's HTTP parser refuses (garbage bytes, headers past 16 KB, a body that never ends).
 * Each gets a 4xx in API Gateway's `{"message": …}` shape, and the gateway keeps serving everyone else.
 */
import type http from "node:http";
import type { Duplex } from "node:stream";

/** API Gateway's quota: "total combined size of request line and header values: 10240 bytes". */
export const maxHeaderBytes = 10_240;

/** The request target as a URL on the gateway, or undefined for a target API Gateway would refuse. */
export function targetOf(request: http.IncomingMessage): URL | undefined {
  const target = request.url ?? "";
  try {
    // Origin form: always a path, even "//host/x", which new URL(target, base) would read as another host.
    if (target.startsWith("/")) return new URL(`http://gateway${target}`);
    // Absolute form ("http://host:port/rides"), which an HTTP/1.1 server must accept: its path and query count.
    const url = new URL(target);
    return /^https?:$/.test(url.protocol) ? new URL(`http://gateway${url.pathname}${url.search}`) : undefined;
  } catch {
    return undefined; // "http://127.0.0.1:99999/rides", "*", …
  }
}

/** The request line and the header values, as API Gateway counts them against `maxHeaderBytes`. */
export function headerBytes(request: http.IncomingMessage): number {
  const line = `${request.method} ${request.url} HTTP/${request.httpVersion}`.length;
  return request.rawHeaders.reduce((bytes, value, i) => (i % 2 ? bytes + value.length : bytes), line);
}

const refusals: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout"],
};

/** node's `clientError`: the parser refused the bytes or the request timed out; answer and close that connection. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const [status, message] = refusals[error.code ?? ""] ?? [400, "Bad Request"];
  // A reset connection cannot be answered, nor one whose response has already begun.
  const begun = (socket as { _httpMessage?: http.ServerResponse })._httpMessage?.headersSent;
  if (error.code === "ECONNRESET" || !socket.writable || begun) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}
