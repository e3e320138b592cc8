import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import { afterEach, expect, it } from "vitest";
import { claimPort, freePort } from "./processes";

const held: net.Server[] = [];
afterEach(async () => {
  await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

// Where outgoing connections' ports start (Linux says; elsewhere, Linux's default).
const rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
const outgoingFrom = existsSync(rangeFile) ? Number(readFileSync(rangeFile, "utf8").split(/\s+/)[0]) : 32768;

it("free ports lie below the range outgoing connections draw from, and none is handed out twice", async () => {
  const ports = await Promise.all(Array.from({ length: 200 }, () => freePort()));
  expect(new Set(ports).size).toBe(200);
  for (const port of ports) expect(port).toBeLessThan(outgoingFrom);
  // Each can be bound at once: it was free when chosen.
  const server = net.createServer();
  held.push(server);
  await new Promise<void>((resolve) => server.listen(ports[0], "127.0.0.1", resolve));
});

it("a port someone holds is refused in one sentence that says how to choose another", async () => {
  const server = net.createServer();
  held.push(server);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  await expect(claimPort(port, "the local api", "--api-port")).rejects.toThrow(
    `Port ${port} for the local api is already in use: stop whatever holds it or pass --api-port <port>`,
  );
});
