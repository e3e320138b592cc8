/**
 * The entry of a local stack in a process of its own (testing/src/stack-process.ts starts it): `node --import tsx
 * testing/src/stack-process-main.ts '<options JSON>'` starts `startStack` with those options (no web server), prints
 * one line `READY <endpoints JSON>` once it serves, and runs until it is killed. Nothing stops it gracefully: it is
 * there to be killed mid-flight, as a crash or a `kill -9` of `npm start` would end it.
 */
import { type StackOptions, startStack } from "@wildrydes/local/stack";

type Options = Pick<StackOptions, "persistDir" | "ports" | "sweepEverySeconds" | "throttle" | "boardingWindowSeconds">;

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const stack = await startStack({ ...options, web: false });
process.stdout.write(`READY ${JSON.stringify(stack.endpoints)}\n`);
setInterval(() => {}, 1 << 30);
