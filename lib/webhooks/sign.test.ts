import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newMessageId } from "./outbox";
import { generateWebhookSecret } from "./secrets";
import { signWebhook } from "./sign";

const body = JSON.stringify({ type: "api_key.created", timestamp: "2026-12-02T10:00:00.000Z", data: { team_id: "t1", name: "ünïcode ✓" } });

describe("signWebhook", () => {
  it("signs so that the standardwebhooks package verifies the id, the timestamp and the exact body", () => {
    const secret = generateWebhookSecret();
    const id = newMessageId();
    const headers = signWebhook({ id, timestamp: new Date(), body, secrets: [secret] });
    expect(headers["webhook-id"]).toBe(id);
    expect(headers["webhook-timestamp"]).toMatch(/^\d{10}$/);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("carries one signature per live secret, each verifying on its own; any other secret or body fails", () => {
    const [newer, older, stranger] = [generateWebhookSecret(), generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook({ id: newMessageId(), timestamp: new Date(), body, secrets: [newer, older] });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(newer).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(older).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(newer).verify(body.replace("t1", "t2"), headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(newer).verify(body, { ...headers, "webhook-id": newMessageId() })).toThrow(/No matching signature/);
  });

  it("puts the signing second in the header, so a timestamp older than the receiver's tolerance is refused", () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ id: newMessageId(), timestamp: new Date(Date.now() - 10 * 60_000), body, secrets: [secret] });
    expect(() => new Webhook(secret).verify(body, headers)).toThrow(/too old/);
  });

  it("refuses to sign with no secret", () => {
    expect(() => signWebhook({ id: newMessageId(), timestamp: new Date(), body, secrets: [] })).toThrow();
  });
});
