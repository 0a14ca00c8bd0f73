import { describe, expect, it } from "vitest";
import { db } from "../db";
import { actorFor, makeTeam, makeUser } from "../testing/factories";
import { MAX_WEBHOOK_ENDPOINTS } from "./constants";
import { createWebhookEndpoint } from "./create-endpoint";
import { deleteWebhookEndpoint } from "./delete-endpoint";
import { getWebhookEndpoint, listWebhookEndpoints } from "./endpoint-queries";
import { adminKeyActor, teamWithEndpoint } from "./endpoint-test-helpers";
import { enqueueWebhookEvent } from "./outbox";
import { signingSecrets } from "./secrets";
import { updateWebhookEndpoint } from "./update-endpoint";

const URL_A = "https://hooks.example.test/a";

describe("createWebhookEndpoint", () => {
  it.each(["owner", "admin"] as const)("lets an %s add an endpoint whose secret is returned once and stored sealed", async (role) => {
    const { team, members } = await makeTeam([role]);
    const { endpoint, secret } = await createWebhookEndpoint(members[role].actor, {
      teamId: team.id,
      url: "  https://Hooks.Example.test/in?x=1  ",
      description: " Billing service ",
      events: ["member.joined", "api_key.created", "member.joined"],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(endpoint).toMatchObject({
      teamId: team.id,
      url: "https://hooks.example.test/in?x=1",
      description: "Billing service",
      // Each once, in the list's order.
      events: ["api_key.created", "member.joined"],
      enabled: true,
      status: "enabled",
      lastDelivery: null,
    });
    const stored = await db.webhookSecret.findMany({ where: { endpointId: endpoint.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0].sealed).not.toContain(secret.slice(6));
    expect(await signingSecrets(db, endpoint.id)).toEqual([secret]);
  });

  it("audits webhook.created with the settings, never the secret", async () => {
    const { team, members, endpoint, secret } = await teamWithEndpoint({ events: [] });
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "webhook.created" } });
    expect(audit).toMatchObject({ targetType: "webhook", targetId: endpoint.id, actorId: members.owner.user.id });
    expect(JSON.parse(audit.metadata)).toEqual({ url: endpoint.url, description: "", events: [], enabled: true });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
  });

  it("adds a disabled endpoint when asked, which no event is queued for", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const { endpoint } = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: URL_A, enabled: false });
    expect(endpoint).toMatchObject({ enabled: false, status: "disabled", disabledReason: "manual" });
    expect(await enqueueWebhookEvent(db, team.id, "member.joined", {})).toBeNull();
  });

  it("refuses developers, billing viewers, admin keys and strangers, writing nothing", async () => {
    const { team, members } = await makeTeam();
    const input = { teamId: team.id, url: URL_A };
    await expect(createWebhookEndpoint(members.developer.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createWebhookEndpoint(members.billing.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createWebhookEndpoint(adminKeyActor(members.owner.actor, team.id), input)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Admin keys can't do that.",
    });
    await expect(createWebhookEndpoint(actorFor(await makeUser("stranger")), input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.webhookEndpoint.count({ where: { teamId: team.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { teamId: team.id } })).toBe(0);
  });

  it("tells a stranger 'not found' before looking at the fields", async () => {
    const { team } = await makeTeam(["owner"]);
    const stranger = actorFor(await makeUser("stranger"));
    await expect(createWebhookEndpoint(stranger, { teamId: team.id, url: "nonsense" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it.each([
    ["", "url", "Enter the URL Gatehouse should send events to."],
    ["example.com/hooks", "url", "Enter a full URL, like https://example.com/webhooks/gatehouse."],
    ["https://exa mple.com/", "url", "Enter a full URL, like https://example.com/webhooks/gatehouse."],
    ["ftp://example.com/hooks", "url", "Use an https:// URL."],
    ["javascript:alert(1)", "url", "Use an https:// URL."],
    ["https://user:pw@example.com/hooks", "url", "Leave the user name and password out of the URL: every request is signed instead."],
    ["https://token@example.com/hooks", "url", "Leave the user name and password out of the URL: every request is signed instead."],
    ["https://example.com/hooks#part", "url", "Remove the # part: it is never sent to the server."],
    [`https://example.com/${"a".repeat(2000)}`, "url", "Keep the URL to 2,000 characters or fewer."],
  ])("refuses the URL %j with a message on the field", async (url, field, message) => {
    const { team, members } = await makeTeam(["owner"]);
    await expect(createWebhookEndpoint(members.owner.actor, { teamId: team.id, url })).rejects.toMatchObject({
      code: "INVALID",
      message,
      fieldErrors: { [field]: message },
    });
    expect(await db.webhookEndpoint.count({ where: { teamId: team.id } })).toBe(0);
  });

  it.each([
    ["http://hooks.example.test/in", "Use an https:// URL: this server sends webhooks over https only."],
    ["https://127.0.0.1/in", "Use a public address: this server does not send webhooks to loopback, private or link-local addresses."],
    ["https://localhost:8080/in", "Use a public address: this server does not send webhooks to loopback, private or link-local addresses."],
    ["https://[fd00::1]/in", "Use a public address: this server does not send webhooks to loopback, private or link-local addresses."],
    ["https://169.254.169.254/latest/meta-data", "Use a public address: this server does not send webhooks to loopback, private or link-local addresses."],
  ])("refuses %s unless the operator allows it", async (url, message) => {
    const { team, members } = await makeTeam(["owner"]);
    await expect(createWebhookEndpoint(members.owner.actor, { teamId: team.id, url })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { url: message },
    });
    const { endpoint } = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: URL_A });
    await expect(updateWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, url })).rejects.toMatchObject({
      fieldErrors: { url: message },
    });
    const saved = { ...process.env };
    Object.assign(process.env, { WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" });
    try {
      expect((await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url })).endpoint.url).toBe(new URL(url).href);
    } finally {
      for (const name of ["WEBHOOK_ALLOW_HTTP", "WEBHOOK_ALLOW_PRIVATE_NETWORKS"]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });

  it("accepts a URL of exactly 2,000 characters", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const url = `https://example.com/${"a".repeat(2000 - "https://example.com/".length)}`;
    const { endpoint } = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url });
    expect(endpoint.url).toHaveLength(2000);
  });

  it("refuses unknown events, a long description and a description with a line break", async () => {
    const { team, members } = await makeTeam(["owner"]);
    const base = { teamId: team.id, url: URL_A };
    await expect(createWebhookEndpoint(members.owner.actor, { ...base, events: ["key.stolen" as never] })).rejects.toMatchObject({
      fieldErrors: { "events.0": "Choose events from the list." },
    });
    await expect(createWebhookEndpoint(members.owner.actor, { ...base, description: "x".repeat(201) })).rejects.toMatchObject({
      fieldErrors: { description: "Keep the description to 200 characters or fewer." },
    });
    await expect(createWebhookEndpoint(members.owner.actor, { ...base, description: "two\nlines" })).rejects.toMatchObject({
      fieldErrors: { description: "Remove line breaks, tabs and other special characters." },
    });
  });

  it(`holds a team to ${MAX_WEBHOOK_ENDPOINTS} endpoints, and frees a place when one is deleted`, async () => {
    const { team, members } = await makeTeam(["owner"]);
    const ids: string[] = [];
    for (let i = 0; i < MAX_WEBHOOK_ENDPOINTS; i++) {
      ids.push((await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: `${URL_A}/${i}` })).endpoint.id);
    }
    await expect(createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: URL_A })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `This team already has ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints, the most it can have. Delete one it no longer uses first.`,
    });
    await deleteWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: ids[0] });
    await expect(createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: URL_A })).resolves.toBeTruthy();
  });
});

describe("updateWebhookEndpoint", () => {
  it("changes the URL, description and events, auditing only what changed", async () => {
    const { team, members, endpoint } = await teamWithEndpoint({ description: "old" });
    const updated = await updateWebhookEndpoint(members.admin.actor, {
      teamId: team.id,
      endpointId: endpoint.id,
      url: URL_A,
      description: "old",
      events: ["api_key.revoked"],
    });
    expect(updated).toMatchObject({ url: URL_A, description: "old", events: ["api_key.revoked"] });
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "webhook.updated" } });
    expect(audit.actorId).toBe(members.admin.user.id);
    expect(JSON.parse(audit.metadata)).toEqual({
      before: { url: endpoint.url, events: [] },
      after: { url: URL_A, events: ["api_key.revoked"] },
    });
  });

  it("writes no audit record when nothing changes", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    await updateWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, url: endpoint.url, enabled: true });
    expect(await db.auditLog.count({ where: { teamId: team.id, action: "webhook.updated" } })).toBe(0);
  });

  it("disabling cancels the deliveries still waiting, and nothing new is queued", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    await enqueueWebhookEvent(db, team.id, "member.joined", {});
    const disabled = await updateWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, status: "disabled", disabledReason: "manual" });
    const deliveries = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(deliveries.map((d) => d.status)).toEqual(["cancelled"]);
    expect(deliveries[0].lastError).toMatch(/disabled/);
    expect(await enqueueWebhookEvent(db, team.id, "member.joined", {})).toBeNull();
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "webhook.updated" } });
    expect(JSON.parse(audit.metadata)).toMatchObject({ before: { enabled: true }, after: { enabled: false }, cancelledDeliveries: 1 });
  });

  it("re-enabling an endpoint the worker disabled for failing clears its failure count and reason", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const since = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { enabled: false, disabledReason: "failing", failureStreak: 40, failingSince: since },
    });
    expect((await getWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id })).status).toBe("failing");

    const enabled = await updateWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, enabled: true });
    expect(enabled).toMatchObject({ enabled: true, status: "enabled", disabledReason: "", failureStreak: 0, failingSince: null });
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "webhook.updated" } });
    expect(JSON.parse(audit.metadata)).toMatchObject({ after: { enabled: true }, wasFailingSince: since.toISOString() });
  });

  it("a new URL starts with a clean failure record", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { failureStreak: 5, failingSince: new Date() } });
    const updated = await updateWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id, url: URL_A });
    expect(updated).toMatchObject({ failureStreak: 0, failingSince: null });
  });

  it("refuses developers, billing viewers and admin keys; another team's endpoint is not found", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const input = { teamId: team.id, endpointId: endpoint.id, enabled: false };
    await expect(updateWebhookEndpoint(members.developer.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateWebhookEndpoint(members.billing.actor, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateWebhookEndpoint(adminKeyActor(members.owner.actor, team.id), input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await makeTeam(["owner"]);
    await expect(updateWebhookEndpoint(other.members.owner.actor, { ...input, teamId: other.team.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "Webhook endpoint not found.",
    });
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).enabled).toBe(true);
  });

  it("refuses an empty change and a bad URL with messages", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const ref = { teamId: team.id, endpointId: endpoint.id };
    await expect(updateWebhookEndpoint(members.owner.actor, ref)).rejects.toMatchObject({ code: "INVALID", message: "Nothing to change." });
    await expect(updateWebhookEndpoint(members.owner.actor, { ...ref, url: "http://" })).rejects.toMatchObject({
      fieldErrors: { url: "Enter a full URL, like https://example.com/webhooks/gatehouse." },
    });
  });
});

describe("deleteWebhookEndpoint", () => {
  it("deletes the endpoint with its secrets and deliveries, pending ones included, and audits it", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const other = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: URL_A });
    const shared = await enqueueWebhookEvent(db, team.id, "member.joined", {});
    const onlyMine = await enqueueWebhookEvent(db, team.id, "member.left", {}, { endpointIds: [endpoint.id] });

    await deleteWebhookEndpoint(members.admin.actor, { teamId: team.id, endpointId: endpoint.id });
    expect(await db.webhookEndpoint.findUnique({ where: { id: endpoint.id } })).toBeNull();
    expect(await db.webhookSecret.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    // The other endpoint's delivery of the shared event stays; the event only this endpoint had goes.
    expect(await db.webhookDelivery.count({ where: { endpointId: other.endpoint.id } })).toBe(1);
    expect(await db.webhookEvent.findUnique({ where: { id: shared!.id } })).not.toBeNull();
    expect(await db.webhookEvent.findUnique({ where: { id: onlyMine!.id } })).toBeNull();
    const audit = await db.auditLog.findFirstOrThrow({ where: { teamId: team.id, action: "webhook.deleted" } });
    expect(audit).toMatchObject({ targetId: endpoint.id, actorId: members.admin.user.id });
    expect(JSON.parse(audit.metadata)).toMatchObject({ url: endpoint.url, deliveries: 2 });
  });

  it("refuses developers, billing viewers and admin keys, and a second delete finds nothing", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const ref = { teamId: team.id, endpointId: endpoint.id };
    await expect(deleteWebhookEndpoint(members.developer.actor, ref)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteWebhookEndpoint(members.billing.actor, ref)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(deleteWebhookEndpoint(adminKeyActor(members.owner.actor, team.id), ref)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await deleteWebhookEndpoint(members.owner.actor, ref);
    await expect(deleteWebhookEndpoint(members.owner.actor, ref)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("listWebhookEndpoints and getWebhookEndpoint", () => {
  it("list the team's endpoints in the order they were added, with the last delivery and 24-hour counts", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    const second = await createWebhookEndpoint(members.owner.actor, { teamId: team.id, url: URL_A, events: ["member.left"] });
    const now = new Date();
    const hour = 60 * 60 * 1000;
    const event = (await enqueueWebhookEvent(db, team.id, "member.joined", {}))!;
    await db.webhookDelivery.updateMany({
      where: { eventId: event.id, endpointId: endpoint.id },
      data: { status: "succeeded", attempts: 1, lastAttemptAt: now, deliveredAt: now, lastStatusCode: 204 },
    });
    const rows = [
      { status: "succeeded", deliveredAt: new Date(now.getTime() - 2 * hour), lastAttemptAt: new Date(now.getTime() - 2 * hour) },
      { status: "succeeded", deliveredAt: new Date(now.getTime() - 30 * hour), lastAttemptAt: new Date(now.getTime() - 30 * hour) },
      { status: "failed", lastAttemptAt: new Date(now.getTime() - hour), lastStatusCode: 500 },
      { status: "pending" },
    ];
    for (const data of rows) await db.webhookDelivery.create({ data: { eventId: event.id, endpointId: endpoint.id, teamId: team.id, ...data } });

    const list = await listWebhookEndpoints(members.admin.actor, team.id);
    expect(list.map((e) => e.id)).toEqual([endpoint.id, second.endpoint.id]);
    expect(list[0].lastDelivery).toMatchObject({ status: "succeeded", statusCode: 204, eventType: "member.joined" });
    expect(list[1].lastDelivery).toBeNull();

    const detail = await getWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: endpoint.id }, now);
    expect(detail).toMatchObject({ last24h: { succeeded: 2, failed: 1 }, pending: 1 });
    expect(JSON.stringify(detail)).not.toContain("whsec_");
  });

  it("refuse developers, billing viewers and admin keys; a malformed or unknown id is not found", async () => {
    const { team, members, endpoint } = await teamWithEndpoint();
    for (const actor of [members.developer.actor, members.billing.actor, adminKeyActor(members.owner.actor, team.id, "read-only")]) {
      await expect(listWebhookEndpoints(actor, team.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(getWebhookEndpoint(actor, { teamId: team.id, endpointId: endpoint.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(getWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getWebhookEndpoint(members.owner.actor, { teamId: team.id, endpointId: "../x" })).rejects.toMatchObject({ code: "INVALID" });
  });
});
