import dns from "node:dns";
import { describe, expect, it } from "vitest";
import { addressKind, isPublicAddress } from "./ip-ranges";
import { checkWebhookUrl, pinnedLookup, resolveDeliveryTarget, type Lookup } from "./ssrf";

const strict = { allowHttp: false, allowPrivateNetworks: false };
const httpOnly = { allowHttp: true, allowPrivateNetworks: false };
const open = { allowHttp: true, allowPrivateNetworks: true };
const resolvesTo =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("addressKind", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "link-local"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["100.127.255.255", "shared (CGNAT)"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["192.0.2.10", "reserved"],
    ["2001:db8::1", "reserved"],
    // IPv6 forms carrying an IPv4 address are judged by it.
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["2002:c0a8:0101::1", "private"],
    ["::127.0.0.1", "loopback"],
  ])("%s is %s", (address, kind) => {
    expect(addressKind(address)).toBe(kind);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "2002:0808:0808::1"])(
    "%s is public",
    (address) => expect(addressKind(address)).toBe("public"),
  );

  it("is null for what is not an IP address", () => {
    expect(addressKind("example.com")).toBeNull();
    expect(addressKind("1.2.3")).toBeNull();
  });
});

describe("checkWebhookUrl (the console's form check, no DNS)", () => {
  const env = (allowHttp: boolean, allowPrivate: boolean) => ({
    WEBHOOK_ALLOW_HTTP: String(allowHttp),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: String(allowPrivate),
  });

  it("accepts a public https URL, and a host name without looking it up", () => {
    expect(checkWebhookUrl("https://hooks.example.com/gatehouse?x=1", env(false, false))).toEqual({ ok: true });
    expect(checkWebhookUrl("https://does-not-resolve.invalid/", env(false, false))).toEqual({ ok: true });
  });

  it("refuses what is not an http(s) URL, and http unless the operator allows it", () => {
    expect(checkWebhookUrl("hooks.example.com", env(true, true))).toMatchObject({ ok: false, reason: expect.stringContaining("full URL") });
    expect(checkWebhookUrl("ftp://hooks.example.com/", env(true, true))).toMatchObject({ ok: false, reason: "Use an https:// URL." });
    expect(checkWebhookUrl("http://hooks.example.com/", env(false, false))).toMatchObject({ ok: false, reason: expect.stringContaining("https only") });
    expect(checkWebhookUrl("http://hooks.example.com/", env(true, false))).toEqual({ ok: true });
  });

  it.each(["https://127.0.0.1/", "https://10.0.0.1/", "https://[::1]:8443/", "https://169.254.169.254/latest/meta-data", "https://localhost:3000/", "https://api.localhost/", "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/"])(
    "refuses %s unless private networks are allowed",
    (url) => {
      expect(checkWebhookUrl(url, env(false, false))).toMatchObject({ ok: false, reason: expect.stringContaining("public address") });
      expect(checkWebhookUrl(url, env(false, true))).toEqual({ ok: true });
    },
  );
});

describe("resolveDeliveryTarget (at delivery time)", () => {
  it("checks every address the host resolves to: one private among public ones refuses the URL", async () => {
    expect(await resolveDeliveryTarget("https://hooks.example.test/", strict, resolvesTo("93.184.216.34", "2606:4700::1"))).toMatchObject({
      ok: true,
      host: "hooks.example.test",
      addresses: [{ address: "93.184.216.34" }, { address: "2606:4700::1" }],
    });
    expect(await resolveDeliveryTarget("https://hooks.example.test/", strict, resolvesTo("93.184.216.34", "10.1.2.3"))).toEqual({
      ok: false,
      error: "refused: private address",
      refused: true,
    });
    expect(await resolveDeliveryTarget("https://rebind.example.test/", strict, resolvesTo("127.0.0.1"))).toMatchObject({ error: "refused: loopback address" });
    expect(await resolveDeliveryTarget("https://rebind.example.test/", open, resolvesTo("127.0.0.1"))).toMatchObject({ ok: true });
  });

  it("refuses literal addresses and localhost without asking DNS", async () => {
    const never: Lookup = async () => {
      throw new Error("DNS must not be asked");
    };
    expect(await resolveDeliveryTarget("http://[::1]:8080/", httpOnly, never)).toMatchObject({ error: "refused: loopback address" });
    expect(await resolveDeliveryTarget("http://169.254.169.254/", httpOnly, never)).toMatchObject({ error: "refused: link-local address" });
    expect(await resolveDeliveryTarget("http://localhost:8080/", httpOnly, never)).toMatchObject({ error: "refused: loopback address" });
    expect(await resolveDeliveryTarget("http://hooks.example.test/", strict, never)).toMatchObject({ error: "refused: https required" });
  });

  it("says so when the host does not resolve", async () => {
    const missing: Lookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await resolveDeliveryTarget("https://nowhere.example.test/", strict, missing)).toEqual({ ok: false, error: "host not found", refused: false });
  });

  it("asks the system resolver for a name, and keeps every address it answers", async () => {
    // localhost: the one name the resolver answers offline (with loopback only), allowed when private networks are.
    const target = await resolveDeliveryTarget("http://localhost:1/", open);
    expect(target.ok && target.addresses.every((a) => addressKind(a.address) === "loopback")).toBe(true);
  });
});

describe("pinnedLookup", () => {
  const addresses = [
    { address: "93.184.216.34", family: 4 },
    { address: "2606:4700::1", family: 6 },
  ];
  const ask = (options: dns.LookupOptions) =>
    new Promise<unknown[]>((resolve) => pinnedLookup(addresses)("anything.example", options, (...args) => resolve(args)));

  it("answers with the checked addresses whatever the name, for one or all, by family", async () => {
    expect(await ask({ all: true })).toEqual([null, addresses]);
    expect(await ask({})).toEqual([null, "93.184.216.34", 4]);
    expect(await ask({ family: 6 })).toEqual([null, "2606:4700::1", 6]);
    expect(await ask({ family: 4, all: true })).toEqual([null, [addresses[0]]]);
  });
});
