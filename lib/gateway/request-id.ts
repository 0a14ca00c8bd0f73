/**
 * Request ids for answers the upstream did not give one (and for the
 * gateway's own errors): `req_gh` + 12 random base62 characters fixed per
 * process + a counter, so minting one costs no random bytes per request and
 * two replicas never mint the same id.
 */
import crypto from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const prefix = `req_gh${Array.from(crypto.randomBytes(12), (b) => BASE62[b % 62]).join("")}`;
let counter = 0;

export function newRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return prefix + counter.toString(36).padStart(6, "0");
}
