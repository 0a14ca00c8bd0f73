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
 */
import crypto from "node:crypto";

export const RESERVATION_TTL_MS = 15 * 60_000;

export type Reservation = { keyId: string; teamId: string; tokens: number; at: number };

export class Reservations {
  private readonly settled = new Map<string, number>();

  constructor(private readonly secret: string) {}

  issue(r: Reservation): string {
    const body = Buffer.from(`${r.keyId}|${r.teamId}|${r.tokens}|${r.at}`).toString("base64url");
    return `rsv_${body}.${this.sign(body)}`;
  }

  /** The reservation an id stands for, if it is genuine, fresh, for `keyId` and not settled yet on this process; marks it settled. */
  claim(id: string, now: number, keyId: string): Reservation | null {
    const match = /^rsv_([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{22})$/.exec(id);
    if (!match) return null;
    const [, body, signature] = match;
    const expected = Buffer.from(this.sign(body));
    if (!crypto.timingSafeEqual(expected, Buffer.from(signature))) return null;
    const [forKey, teamId, tokens, at] = Buffer.from(body, "base64url").toString().split("|");
    const r: Reservation = { keyId: forKey, teamId, tokens: Number(tokens), at: Number(at) };
    if (r.keyId !== keyId || !Number.isSafeInteger(r.tokens) || !Number.isFinite(r.at) || now - r.at > RESERVATION_TTL_MS) return null;
    if (this.settled.has(id)) return null;
    this.prune(now);
    this.settled.set(id, r.at);
    return r;
  }

  private sign(body: string): string {
    return crypto.createHmac("sha256", this.secret).update(body).digest().subarray(0, 16).toString("base64url");
  }

  private prune(now: number): void {
    if (this.settled.size < 100_000) return;
    for (const [id, at] of this.settled) if (now - at > RESERVATION_TTL_MS) this.settled.delete(id);
  }
}
