import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { subjectOf } from "../email/test-mail-subject";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { generateKey, hashKey, visibleParts } from "../keys/format";
import { emailsSent } from "../metrics/registry";
import { makeTeam, makeUser } from "../testing/factories";
import { dueReminder, sendExpiryReminders } from "./expiry";

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;

let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
let failingSmtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  failingSmtp = await startTestSmtpServer({ rejectRecipients: true });
});
afterAll(async () => {
  await smtp.close();
  await failingSmtp.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function useSmtp(port = smtp.port) {
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  vi.stubEnv("SMTP_PORT", String(port));
  vi.stubEnv("APP_URL", "https://portal.example.test/");
}

const quietLog = () => ({ log: vi.fn(), error: vi.fn() });
/** Each test runs in a month of its own, years ahead: no key of another test is ever in its window. */
let month = 0;
const freshClock = () => new Date(Date.UTC(2031, month++, 10, 12, 0, 0));
const run = (now: Date, log = quietLog()) => sendExpiryReminders(now, { log, retryPausesMs: [0, 0] });
const mailsAbout = (keyName: string) => smtp.messages.filter((m) => m.body.includes(`"${keyName}"`));

async function key(teamId: string, name: string, expiresAt: Date | null, extra: { createdAt?: Date; createdById?: string | null; revokedAt?: Date | null } = {}) {
  const secret = generateKey("production");
  return db.apiKey.create({
    data: {
      teamId,
      name: `${name} ${crypto.randomBytes(3).toString("hex")}`,
      environment: "production",
      ...visibleParts(secret),
      hash: hashKey(secret),
      expiresAt,
      createdAt: extra.createdAt,
      createdById: extra.createdById ?? null,
      revokedAt: extra.revokedAt ?? null,
    },
  });
}

async function teamWithWebhook() {
  const made = await makeTeam();
  await db.webhookEndpoint.create({ data: { teamId: made.team.id, url: "https://hooks.example.test/in", events: JSON.stringify(["api_key.expiring_soon"]) } });
  return made;
}

const expiringEvents = async (teamId: string) =>
  (await db.webhookEvent.findMany({ where: { teamId, type: "api_key.expiring_soon" }, orderBy: { createdAt: "asc" } })).map(
    (e) => JSON.parse(e.payload) as { type: string; data: Record<string, unknown> },
  );

const failedReminderEmails = async () =>
  (await emailsSent.get()).values.find((v) => v.labels.kind === "expiry_reminder" && v.labels.result === "failed")?.value ?? 0;

describe("sendExpiryReminders", () => {
  it("emails the owners, admins and the key's creator 7 days and 1 day before, once each, with the webhook event", async () => {
    useSmtp();
    const now = freshClock();
    const { team, members } = await teamWithWebhook();
    const expiresAt = new Date(now.getTime() + 7 * DAY - 4 * MINUTE);
    const k = await key(team.id, "payments", expiresAt, { createdAt: new Date(now.getTime() - 80 * DAY), createdById: members.developer.user.id });

    expect(await run(now)).toEqual({ claimed: 1, sent: 1, failed: 0 });
    expect(await run(new Date(now.getTime() + 5 * MINUTE))).toEqual({ claimed: 0, sent: 0, failed: 0 });
    let mails = mailsAbout(k.name);
    expect(mails).toHaveLength(1);
    expect(subjectOf(mails[0].raw)).toBe(`API key "${k.name}" expires in 7 days`);
    expect(mails[0].to.sort()).toEqual([members.owner.user.email, members.admin.user.email, members.developer.user.email].sort());
    expect(mails[0].body).toContain(`Visible part: ${k.prefix}`);
    expect(mails[0].body).toContain(k.last4);
    expect(mails[0].body).toContain("Environment: Production");
    expect(mails[0].body).toContain(expiresAt.toLocaleString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" }));
    expect(mails[0].body).toContain("11:56:00 UTC");
    expect(mails[0].body).toContain(`https://portal.example.test/${team.slug}/keys/${k.id}`);

    // Six days on: the 1-day reminder, once.
    const later = new Date(expiresAt.getTime() - DAY + MINUTE);
    expect(await run(later)).toEqual({ claimed: 1, sent: 1, failed: 0 });
    expect(await run(new Date(later.getTime() + MINUTE))).toEqual({ claimed: 0, sent: 0, failed: 0 });
    mails = mailsAbout(k.name);
    expect(mails.map((m) => subjectOf(m.raw))).toEqual([`API key "${k.name}" expires in 7 days`, `API key "${k.name}" expires in 1 day`]);

    const events = await expiringEvents(team.id);
    expect(events.map((e) => e.data.days_left)).toEqual([7, 1]);
    expect(events[0].data).toMatchObject({ team_id: team.id, id: k.id, type: "api_key", name: k.name, expires_at: expiresAt.toISOString(), status: "active" });
    expect(await db.webhookDelivery.count({ where: { teamId: team.id, status: "pending" } })).toBe(2);
  });

  it("two runs racing send each reminder once", async () => {
    useSmtp();
    const now = freshClock();
    const { team } = await teamWithWebhook();
    const k = await key(team.id, "race", new Date(now.getTime() + 3 * DAY), { createdAt: new Date(now.getTime() - 30 * DAY) });
    const reports = await Promise.all([run(now), run(now), run(now)]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(mailsAbout(k.name)).toHaveLength(1);
    expect(await expiringEvents(team.id)).toHaveLength(1);
  });

  it("sends nothing for revoked, rotating, expired or never-expiring keys", async () => {
    useSmtp();
    const now = freshClock();
    const { team } = await teamWithWebhook();
    const long = { createdAt: new Date(now.getTime() - 60 * DAY) };
    const revoked = await key(team.id, "revoked", new Date(now.getTime() + 2 * DAY), { ...long, revokedAt: new Date(now.getTime() - DAY) });
    const rotating = await key(team.id, "rotating", new Date(now.getTime() + 2 * DAY), { ...long, revokedAt: new Date(now.getTime() + DAY) });
    const expired = await key(team.id, "expired", new Date(now.getTime() - MINUTE), long);
    const never = await key(team.id, "never", null, long);
    expect(await run(now)).toEqual({ claimed: 0, sent: 0, failed: 0 });
    for (const k of [revoked, rotating, expired, never]) expect(mailsAbout(k.name)).toHaveLength(0);
    expect(await expiringEvents(team.id)).toHaveLength(0);
  });

  it("a key made inside the 7-day window gets only the 1-day reminder; one made inside the last day none", async () => {
    useSmtp();
    const now = freshClock();
    const { team } = await makeTeam(["owner"]);
    const expiresAt = new Date(now.getTime() + 3 * DAY);
    const late = await key(team.id, "late", expiresAt, { createdAt: now });
    const last = await key(team.id, "last-minute", new Date(now.getTime() + 12 * 60 * MINUTE), { createdAt: now });
    expect(await run(now)).toMatchObject({ claimed: 0 });
    expect(await run(new Date(expiresAt.getTime() - DAY + MINUTE))).toMatchObject({ claimed: 1, sent: 1 });
    expect(mailsAbout(late.name).map((m) => subjectOf(m.raw))).toEqual([`API key "${late.name}" expires in 1 day`]);
    expect(mailsAbout(last.name)).toHaveLength(0);
  });

  it("a key first seen inside its last day (the server was down) gets one email, the 1-day one", async () => {
    useSmtp();
    const now = freshClock();
    const { team } = await makeTeam(["owner"]);
    const k = await key(team.id, "downtime", new Date(now.getTime() + 20 * 60 * MINUTE), { createdAt: new Date(now.getTime() - 40 * DAY) });
    expect(await run(now)).toMatchObject({ claimed: 1, sent: 1 });
    expect(await run(new Date(now.getTime() + MINUTE))).toMatchObject({ claimed: 0 });
    expect(mailsAbout(k.name).map((m) => subjectOf(m.raw))).toEqual([`API key "${k.name}" expires in 1 day`]);
  });

  it("a creator who left the team is not emailed; each address once", async () => {
    useSmtp();
    const now = freshClock();
    const { team, members } = await makeTeam(["owner", "admin", "billing"]);
    const gone = await makeUser("Gone");
    const k = await key(team.id, "orphan", new Date(now.getTime() + 2 * DAY), { createdAt: new Date(now.getTime() - 30 * DAY), createdById: gone.id });
    const mine = await key(team.id, "admins-own", new Date(now.getTime() + 2 * DAY), { createdAt: new Date(now.getTime() - 30 * DAY), createdById: members.admin.user.id });
    await run(now);
    expect(mailsAbout(k.name)[0].to.sort()).toEqual([members.owner.user.email, members.admin.user.email].sort());
    expect(mailsAbout(mine.name)[0].to.sort()).toEqual([members.owner.user.email, members.admin.user.email].sort());
  });

  it("an email the mail server refuses is logged and counted, and the reminder is not sent twice", async () => {
    useSmtp(failingSmtp.port);
    const now = freshClock();
    const { team } = await teamWithWebhook();
    const k = await key(team.id, "bounce", new Date(now.getTime() + 5 * DAY), { createdAt: new Date(now.getTime() - 30 * DAY) });
    const log = quietLog();
    const failedBefore = await failedReminderEmails();
    expect(await run(now, log)).toEqual({ claimed: 1, sent: 0, failed: 1 });
    expect(await failedReminderEmails()).toBe(failedBefore + 1);
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining(`expiry reminder of key ${k.id}`));
    expect(await run(new Date(now.getTime() + MINUTE))).toEqual({ claimed: 0, sent: 0, failed: 0 });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: k.id } })).reminder7dSentAt).not.toBeNull();
    expect(await expiringEvents(team.id)).toHaveLength(1);
  });
});

describe("dueReminder", () => {
  const now = new Date(Date.UTC(2030, 0, 1));
  const at = (ms: number) => new Date(now.getTime() + ms);
  const state = (expiresIn: number, createdAgo = 90 * DAY) => ({ createdAt: at(-createdAgo), expiresAt: at(expiresIn), reminder7dSentAt: null, reminder1dSentAt: null });
  it("picks the reminder by the time left and skips one whose moment came before the key was made", () => {
    expect(dueReminder(state(7 * DAY + MINUTE), now)).toBeNull();
    expect(dueReminder(state(7 * DAY), now)).toBe(7);
    expect(dueReminder(state(DAY + MINUTE), now)).toBe(7);
    expect(dueReminder(state(DAY), now)).toBe(1);
    expect(dueReminder(state(0), now)).toBeNull();
    expect(dueReminder(state(3 * DAY, 4 * DAY - MINUTE), now)).toBeNull();
    expect(dueReminder(state(3 * DAY, 4 * DAY), now)).toBe(7);
    expect(dueReminder(state(3 * DAY, 4 * DAY + MINUTE), now)).toBe(7);
    expect(dueReminder({ ...state(3 * DAY), reminder7dSentAt: now }, now)).toBeNull();
    expect(dueReminder({ ...state(3 * DAY), expiresAt: null }, now)).toBeNull();
  });
});
