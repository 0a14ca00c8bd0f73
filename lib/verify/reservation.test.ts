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
});
