import { describe, expect, it } from "vitest";
import { limitAddress } from "./request-meta";

describe("limitAddress", () => {
  it("counts IPv4 (plain or mapped into IPv6) per address", () => {
    expect(limitAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(limitAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts IPv6 per /64, however the address is written", () => {
    const prefix = "2001:db8:1:2::/64";
    expect(limitAddress("2001:db8:1:2::1")).toBe(prefix);
    expect(limitAddress("2001:0DB8:0001:0002:abcd:ef01:2345:6789")).toBe(prefix);
    expect(limitAddress("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe(prefix);
    expect(limitAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(limitAddress("2001:db8:1:3::1")).not.toBe(prefix);
  });

  it("leaves anything it cannot read as it is", () => {
    expect(limitAddress("unknown")).toBe("unknown");
    expect(limitAddress("2001:db8::zz")).toBe("2001:db8::zz");
  });
});
