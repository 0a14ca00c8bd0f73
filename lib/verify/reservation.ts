/**
 * Token reservations: a verify call that sends `estimatedTokens` takes them
 * from the key's and team's tokens-per-minute buckets at once, and the answer
 * carries a reservation id; the usage report that names it settles the
 * difference (actual − reserved: more is charged, less is given back). The id
 * is self-contained and signed (HMAC-SHA256 with the server's secret), so any
 * replica that shares the secret can settle it without shared state, and a
 * caller cannot forge one to win tokens back. A reservation settles once per
 * process; one older than RESERVATION_TTL_MS is not given back (the tokens it
 * took stay counted, the safe side).
 *
 * Settled ids are remembered until their reservation is past the TTL, at most
 * MAX_SETTLED of them: every claim drops the expired ones from the front of
 * the map (claims arrive in about the order reservations were issued, so that
 * is a few entries, not a walk of the map). Past the cap the oldest are
 * forgotten; one of those sent again would be given back twice, a bounded
 * loss that only a caller holding a service token could cause.
 */
import crypto from "node:crypto";

export const RESERVATION_TTL_MS = 15 * 60_000;
/** Settled ids kept per process (about 30 MB at the most). */
export const MAX_SETTLED = 200_000;

export type Reservation = { keyId: string; teamId: string; tokens: number; at: number };

const ID = /^rsv_([A-Za-z0-9]{1,64})\.([A-Za-z0-9]{1,64})\.(\d{1,10})\.(\d{1,15})\.([A-Za-z0-9_-]{22})$/;

export class Reservations {
  private readonly settled = new Map<string, number>();
  private readonly key: crypto.KeyObject;

  constructor(
    secret: string,
    private readonly maxSettled = MAX_SETTLED,
  ) {
    // A key of its own, derived from the server's secret, so a reservation signature never doubles as anything else's.
    this.key = crypto.createSecretKey(crypto.createHmac("sha256", secret).update("gatehouse token reservations v1").digest());
  }

  /** `rsv_<keyId>.<teamId>.<tokens>.<at>.<signature>`: ids are alphanumeric, so no encoding is needed. */
  issue(r: Reservation): string {
    const body = `${r.keyId}.${r.teamId}.${r.tokens}.${r.at}`;
    return `rsv_${body}.${this.sign(body)}`;
  }

  /** The reservation an id stands for, if it is genuine, fresh, for `keyId` and not settled yet on this process; marks it settled. */
  claim(id: string, now: number, keyId: string): Reservation | null {
    const match = ID.exec(id);
    if (!match) return null;
    const [, forKey, teamId, tokens, at, signature] = match;
    const expected = Buffer.from(this.sign(`${forKey}.${teamId}.${tokens}.${at}`));
    if (!crypto.timingSafeEqual(expected, Buffer.from(signature))) return null;
    const r: Reservation = { keyId: forKey, teamId, tokens: Number(tokens), at: Number(at) };
    if (r.keyId !== keyId || now - r.at > RESERVATION_TTL_MS) return null;
    if (this.settled.has(id)) return null;
    this.prune(now);
    this.settled.set(id, r.at);
    return r;
  }

  private sign(body: string): string {
    return crypto.createHmac("sha256", this.key).update(body).digest("base64url").slice(0, 22);
  }

  private prune(now: number): void {
    for (const [id, at] of this.settled) {
      if (now - at <= RESERVATION_TTL_MS && this.settled.size < this.maxSettled) return;
      this.settled.delete(id);
    }
  }

  /** How many settled ids are remembered (tests). */
  get settledCount(): number {
    return this.settled.size;
  }
}
