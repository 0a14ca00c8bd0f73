import { describe, expect, it } from "vitest";
import { RESERVATION_TTL_MS, Reservations } from "./reservation";

const now = Date.UTC(2026, 11, 1, 12);
const r = { keyId: "ckey1", teamId: "cteam1", tokens: 1200, at: now };

describe("token reservations", () => {
  it("settle once, for their own key, on any replica sharing the secret", () => {
    const a = new Reservations("shared secret");
    const b = new Reservations("shared secret");
    const id = a.issue(r);
    expect(b.claim(id, now + 1000, "other-key")).toBeNull();
    expect(b.claim(id, now + 1000, "ckey1")).toEqual(r);
    expect(b.claim(id, now + 2000, "ckey1")).toBeNull();
  });

  it("refuse a forged, altered or stale id", () => {
    const res = new Reservations("secret");
    const id = res.issue(r);
    expect(new Reservations("another secret").claim(id, now, "ckey1")).toBeNull();
    expect(res.claim(id.replace(".1200.", ".9999."), now, "ckey1")).toBeNull();
    expect(res.claim("rsv_nonsense", now, "ckey1")).toBeNull();
    expect(res.claim(id, now + RESERVATION_TTL_MS + 1, "ckey1")).toBeNull();
  });

  it("forget settled ids once their reservation is past the TTL, as later claims arrive", () => {
    const res = new Reservations("secret");
    for (let i = 0; i < 50; i++) expect(res.claim(res.issue({ ...r, at: now + i }), now + i, "ckey1")).not.toBeNull();
    expect(res.settledCount).toBe(50);
    // Later, past the TTL of the first 50: the next claim drops them.
    const later = now + RESERVATION_TTL_MS + 100;
    expect(res.claim(res.issue({ ...r, at: later }), later, "ckey1")).not.toBeNull();
    expect(res.settledCount).toBe(1);
  });

  it("remember at most their cap of settled ids, dropping the oldest", () => {
    const res = new Reservations("secret", 3);
    const ids = Array.from({ length: 5 }, (_, i) => res.issue({ ...r, at: now + i }));
    for (const id of ids) expect(res.claim(id, now + 10, "ckey1")).not.toBeNull();
    expect(res.settledCount).toBe(3);
    // The newest are still refused a second time.
    for (const id of ids.slice(2)) expect(res.claim(id, now + 11, "ckey1")).toBeNull();
  });
});
