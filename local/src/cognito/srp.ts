/**
 * The server side of Cognito's SRP sign-in (USER_SRP_AUTH, then PASSWORD_VERIFIER), as amazon-cognito-identity-js
 * and Amplify v6 implement the client: SRP-6a over the RFC 5054 3072-bit group, SHA-256, and an HKDF key
 * ("Caldera Derived Key") that signs pool name + user id + secret block + timestamp. cognito-local has no SRP.
 */
import { createDiffieHellman, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const N = BigInt(
  `0x${[
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
  ].join("")}`,
);
const g = 2n;

/** Even-length hex with a leading 00 when the top bit is set: the clients hash numbers in this form. */
function padHex(n: bigint): string {
  const hex = n.toString(16);
  const even = hex.length % 2 ? `0${hex}` : hex;
  return /^[89a-f]/i.test(even) ? `00${even}` : even;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const hashHex = (hex: string) => sha256(Buffer.from(hex, "hex"));
const big = (hex: string) => BigInt(`0x${hex}`);

/** base^exponent mod N by square-and-multiply: the reference, and the answer where OpenSSL refuses a base. */
function modPowBigInt(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % N;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
  }
  return result;
}

const bytes = (n: bigint) => Buffer.from(padHex(n), "hex");
const groupPrime = bytes(N);

/**
 * base^exponent mod N. A Diffie-Hellman shared secret over N is exactly that, and OpenSSL computes it about six
 * times faster than BigInt (about 10 ms); it refuses the bases 0, 1 and N-1, which BigInt then handles.
 */
function modPow(base: bigint, exponent: bigint): bigint {
  try {
    const dh = createDiffieHellman(groupPrime, 2);
    dh.setPrivateKey(bytes(exponent));
    return big(dh.computeSecret(bytes(base % N)).toString("hex"));
  } catch {
    return modPowBigInt(base, exponent);
  }
}

const k = big(hashHex(padHex(N) + padHex(g)));

/** x: the password, salted, as both sides hash it. */
function passwordHash(saltHex: string, poolName: string, userIdForSrp: string, password: string): bigint {
  return big(hashHex(padHex(big(saltHex)) + sha256(`${poolName}${userIdForSrp}:${password}`)));
}

/** HKDF over the shared secret S, salted with u: the key that signs the proof. */
function derivedKey(u: bigint, S: bigint): Buffer {
  const prk = createHmac("sha256", Buffer.from(padHex(u), "hex"))
    .update(Buffer.from(padHex(S), "hex"))
    .digest();
  const info = Buffer.concat([Buffer.from("Caldera Derived Key"), Buffer.from([1])]);
  return createHmac("sha256", prk).update(info).digest().subarray(0, 16);
}

function signature(session: Omit<SrpSession, "saltHex">, timestamp: string): Buffer {
  return createHmac("sha256", session.key)
    .update(
      Buffer.concat([
        Buffer.from(session.poolName),
        Buffer.from(session.userIdForSrp),
        Buffer.from(session.secretBlock, "base64"),
        Buffer.from(timestamp),
      ]),
    )
    .digest();
}

/** What the server keeps between the two steps of one sign-in. */
export interface SrpSession {
  poolName: string;
  userIdForSrp: string;
  saltHex: string;
  secretBlock: string;
  /** The HKDF key both sides derive; only a client that knew the password derives the same. */
  key: Buffer;
}

export namespace Srp {
  /** Step 1: answers the client's A with the salt and B. Returns null for an A that would break the protocol. */
  export function challenge(o: { poolName: string; userIdForSrp: string; password: string; srpA: string }) {
    const A = big(o.srpA);
    if (A % N === 0n) return null;
    const saltHex = padHex(big(randomBytes(16).toString("hex")));
    const x = passwordHash(saltHex, o.poolName, o.userIdForSrp, o.password);
    const v = modPow(g, x);
    const b = big(randomBytes(128).toString("hex"));
    const B = (k * v + modPow(g, b)) % N;
    const u = big(hashHex(padHex(A) + padHex(B)));
    const S = modPow((A * modPow(v, u)) % N, b);
    const key = derivedKey(u, S);
    const secretBlock = randomBytes(64).toString("base64");
    const session: SrpSession = { poolName: o.poolName, userIdForSrp: o.userIdForSrp, saltHex, secretBlock, key };
    return { session, srpB: B.toString(16), salt: saltHex };
  }

  /** Step 2: true when the client's signature proves it derived the same key, i.e. it knew the password. */
  export function verify(session: SrpSession, o: { signature: string; timestamp: string }): boolean {
    const expected = signature(session, o.timestamp);
    const given = Buffer.from(o.signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * The client's side, as amazon-cognito-identity-js and Amplify play it, for test and dev riders: those libraries'
   * pure-JS big integers take about a second of CPU per sign-in, this a few tens of milliseconds.
   */
  export function client(o: { poolName: string; password: string }) {
    const a = big(randomBytes(128).toString("hex"));
    const A = modPow(g, a);
    return {
      srpA: A.toString(16),
      /** The PASSWORD_VERIFIER answer: the signature over the challenge, with the timestamp it signs. */
      answer(c: { userIdForSrp: string; salt: string; srpB: string; secretBlock: string; timestamp: string }) {
        const B = big(c.srpB);
        const u = big(hashHex(padHex(A) + padHex(B)));
        const x = passwordHash(c.salt, o.poolName, c.userIdForSrp, o.password);
        const base = (((B - k * modPow(g, x)) % N) + N) % N;
        const key = derivedKey(u, modPow(base, a + u * x));
        const session = { poolName: o.poolName, userIdForSrp: c.userIdForSrp, secretBlock: c.secretBlock, key };
        return signature(session, c.timestamp).toString("base64");
      },
    };
  }
}
