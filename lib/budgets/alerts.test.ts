import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { checkBudgetAlerts } from "./alerts";
import { alertRows, budgetKey, budgetTeam, DEC_10, quietLog, setSpend, usd } from "./test-helpers";

let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(() => smtp.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

function useSmtp(port = smtp.port) {
  vi.stubEnv("SMTP_HOST", "127.0.0.1");
  vi.stubEnv("SMTP_PORT", String(port));
  vi.stubEnv("APP_URL", "https://portal.example.test/");
}

const mailsAbout = (text: string) => smtp.messages.filter((m) => m.body.includes(text));
/** The Subject header, unfolded, with nodemailer's Q-encoded words decoded. */
function subjectOf(raw: string): string | undefined {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1];
  return header
    ?.replace(/\r?\n[ \t]/g, " ")
    .replace(/\?= =\?/g, "?==?")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, q: string) =>
      Buffer.from(q.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}
const run = (now = DEC_10, log = quietLog()) => checkBudgetAlerts(now, { log });

describe("checkBudgetAlerts", () => {
  it("emails a team's owners, admins and billing viewers once when a threshold is crossed, and not again", async () => {
    useSmtp();
    const { team, members } = await budgetTeam("Acme Robotics", 100);
    await setSpend("team", team.id, team.id, 80);

    expect(await run()).toMatchObject({ claimed: 2, sent: 1, failed: 0 });
    const mails = mailsAbout("Acme Robotics");
    expect(mails).toHaveLength(1);
    expect(subjectOf(mails[0].raw)).toBe("Acme Robotics: 80 % of the monthly budget used");
    expect(mails[0].to.sort()).toEqual([members.owner.user.email, members.admin.user.email, members.billing.user.email].sort());
    expect(mails[0].body).toContain("$80.00 of $100.00");
    expect(mails[0].body).toContain("December 2026");
    expect(mails[0].body).toContain("January 1, 2027, 00:00 UTC");
    expect(mails[0].body).toContain("BUDGET_EXCEEDED");
    expect(mails[0].body).toContain(`https://portal.example.test/${team.slug}/usage`);
    expect(await alertRows(team.id)).toMatchObject([
      { threshold: 50, emailed: true },
      { threshold: 80, emailed: true },
    ]);

    // Same spend, and a little more below the next threshold: nothing new.
    await setSpend("team", team.id, team.id, 99.99);
    expect(await run(DEC_10 + 60_000)).toEqual({ claimed: 0, sent: 0, failed: 0, gaveUp: 0 });
    expect(mailsAbout("Acme Robotics")).toHaveLength(1);
  });

  it("crossing several thresholds at once sends one email naming the highest; the lower ones never fire later", async () => {
    useSmtp();
    const { team } = await budgetTeam("Jump Corp", 10);
    await setSpend("team", team.id, team.id, 12.5);
    expect(await run()).toMatchObject({ claimed: 3, sent: 1 });
    const mails = mailsAbout("Jump Corp");
    expect(mails.map((m) => subjectOf(m.raw))).toEqual(["Jump Corp: 100 % of the monthly budget used"]);
    expect(mails[0].body).toContain("$12.50 of $10.00");
    expect(mails[0].body).toMatch(/is used up: verification answers BUDGET_EXCEEDED for every key of the team/);
    expect((await alertRows(team.id)).map((r) => [r.threshold, r.emailed])).toEqual([[50, true], [80, true], [100, true]]);
    expect(await run(DEC_10 + 1000)).toMatchObject({ claimed: 0, sent: 0 });
  });

  it("starts fresh in the next month (UTC)", async () => {
    useSmtp();
    const { team } = await budgetTeam("Monthly Inc", 100);
    await setSpend("team", team.id, team.id, 60);
    await run();
    const jan1 = Date.UTC(2027, 0, 1, 0, 0, 5);
    // A run just after midnight sees January's counter, which does not exist yet: nothing.
    expect(await run(jan1)).toMatchObject({ claimed: 0, sent: 0 });
    await setSpend("team", team.id, team.id, 55, jan1);
    expect(await run(jan1 + 1000)).toMatchObject({ claimed: 1, sent: 1 });
    expect((await alertRows(team.id)).map((r) => `${r.period}:${r.threshold}`)).toEqual(["2026-12:50", "2027-01:50"]);
    const subjects = mailsAbout("Monthly Inc").map((m) => subjectOf(m.raw));
    expect(subjects).toEqual(["Monthly Inc: 50 % of the monthly budget used", "Monthly Inc: 50 % of the monthly budget used"]);
    expect(mailsAbout("Monthly Inc")[1].body).toContain("January 2027");
  });

  it("alerts a key's budget separately from the team's, to the key's creator too", async () => {
    useSmtp();
    const { team, members } = await budgetTeam("Keyed Ltd", 1000);
    const key = await budgetKey(team.id, "prod-backend", 20, members.developer.user.id);
    const plain = await budgetKey(team.id, "no-budget", null);
    await setSpend("key", key.id, team.id, 20);
    await setSpend("key", plain.id, team.id, 500);
    await setSpend("team", team.id, team.id, 520);

    expect(await run()).toMatchObject({ claimed: 4, sent: 2 });
    const mails = mailsAbout("Keyed Ltd");
    const keyMail = mails.find((m) => subjectOf(m.raw)?.startsWith("Key \""))!;
    expect(subjectOf(keyMail.raw)).toBe('Key "prod-backend" has used 100 % of its monthly budget');
    expect(keyMail.to).toContain(members.developer.user.email);
    expect(keyMail.body).toContain(`https://portal.example.test/${team.slug}/keys/${key.id}`);
    expect(keyMail.body).toMatch(/BUDGET_EXCEEDED for this key/);
    const teamMail = mails.find((m) => m !== keyMail)!;
    expect(subjectOf(teamMail.raw)).toBe("Keyed Ltd: 50 % of the monthly budget used");
    expect(teamMail.to).not.toContain(members.developer.user.email);
    expect(await alertRows(plain.id)).toEqual([]);
  });

  it("sends to the roles the team chose plus its extra addresses, each address once", async () => {
    useSmtp();
    const { team, members } = await budgetTeam("Roles GmbH", 10, { alertRoles: ["owner"] });
    await db.team.update({
      where: { id: team.id },
      data: { alertEmails: JSON.stringify(["Finance@Example.test", members.owner.user.email.toUpperCase()]) },
    });
    await setSpend("team", team.id, team.id, 5);
    await run();
    const [mail] = mailsAbout("Roles GmbH");
    expect(mail.to).toEqual([members.owner.user.email, "finance@example.test"]);
  });

  it("retries a failed send on a later run, and gives up after 5 attempts", async () => {
    const refusing = await startTestSmtpServer({ rejectRecipients: true });
    try {
      useSmtp(refusing.port);
      const { team } = await budgetTeam("Flaky Mail", 100);
      await setSpend("team", team.id, team.id, 85);
      const log = quietLog();
      expect(await run(DEC_10, log)).toMatchObject({ claimed: 2, sent: 0, failed: 1 });
      expect(log.error.mock.calls.join("\n")).toMatch(/will retry/);
      expect(await alertRows(team.id)).toMatchObject([
        { threshold: 50, emailed: false, attempts: 0 },
        { threshold: 80, emailed: false, attempts: 1, lastError: expect.stringMatching(/unavailable/) },
      ]);
      // Not before its retry is due (1 minute after the claim).
      expect(await run(DEC_10 + 30_000)).toMatchObject({ sent: 0, failed: 0 });

      useSmtp();
      expect(await run(DEC_10 + 60_000)).toMatchObject({ claimed: 0, sent: 1 });
      const mails = mailsAbout("Flaky Mail");
      expect(mails.map((m) => subjectOf(m.raw))).toEqual(["Flaky Mail: 80 % of the monthly budget used"]);
      expect(await alertRows(team.id)).toMatchObject([
        { threshold: 50, emailed: true },
        { threshold: 80, emailed: true, attempts: 2, lastError: "" },
      ]);

      useSmtp(refusing.port);
      await setSpend("team", team.id, team.id, 100);
      const hours = 3 * 60 * 60_000;
      let report = await run(DEC_10 + hours, log);
      for (let i = 1; i < 5; i++) report = await run(DEC_10 + hours * (i + 1), log);
      expect(report).toMatchObject({ gaveUp: 1 });
      expect(log.error.mock.calls.join("\n")).toMatch(/gave up emailing the budget alert of team .* at 100 % \(2026-12\) after 5 attempts/);
      expect((await alertRows(team.id))[2]).toMatchObject({ threshold: 100, emailed: false, attempts: 5 });
      useSmtp();
      expect(await run(DEC_10 + 10 * hours)).toMatchObject({ sent: 0 });
      expect(mailsAbout("Flaky Mail")).toHaveLength(1);
    } finally {
      await refusing.close();
    }
  });

  it("a raised budget re-sends nothing already sent; a lowered one fires what the spend now crosses", async () => {
    useSmtp();
    const { team } = await budgetTeam("Moving Target", 100);
    await setSpend("team", team.id, team.id, 85);
    await run();
    await db.team.update({ where: { id: team.id }, data: { budgetMicros: BigInt(usd(1000)) } });
    await setSpend("team", team.id, team.id, 600);
    expect(await run(DEC_10 + 1000)).toMatchObject({ claimed: 0, sent: 0 });
    await db.team.update({ where: { id: team.id }, data: { budgetMicros: BigInt(usd(550)) } });
    expect(await run(DEC_10 + 2000)).toMatchObject({ claimed: 1, sent: 1 });
    expect(mailsAbout("Moving Target").map((m) => subjectOf(m.raw))).toEqual([
      "Moving Target: 80 % of the monthly budget used",
      "Moving Target: 100 % of the monthly budget used",
    ]);
    expect(mailsAbout("Moving Target")[1].body).toContain("$600.00 of $550.00");
  });

  it("runs started together send each alert once", async () => {
    useSmtp();
    const { team } = await budgetTeam("Race Co", 100);
    const keys = await Promise.all(Array.from({ length: 5 }, (_, i) => budgetKey(team.id, `race-${i}`, 10)));
    for (const key of keys) await setSpend("key", key.id, team.id, 9);
    await setSpend("team", team.id, team.id, 45);
    const reports = await Promise.all(Array.from({ length: 4 }, () => run()));
    expect(reports.reduce((n, r) => n + r.claimed, 0)).toBe(10);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(5);
    expect(mailsAbout("Race Co")).toHaveLength(5);
  });

  it("leaves out revoked keys and counts the provider's spend limit when the team has no budget", async () => {
    useSmtp();
    const { team } = await budgetTeam("Capped Co", null);
    await db.team.update({ where: { id: team.id }, data: { spendCapMicros: BigInt(usd(200)) } });
    const revoked = await budgetKey(team.id, "old", 1, null, { revokedAt: new Date(DEC_10 - 1000) });
    await setSpend("key", revoked.id, team.id, 5);
    await setSpend("team", team.id, team.id, 100);
    expect(await run()).toMatchObject({ claimed: 1, sent: 1 });
    const [mail] = mailsAbout("Capped Co");
    expect(subjectOf(mail.raw)).toBe("Capped Co: 50 % of the monthly spend limit used");
    expect(mail.body).toContain("set by your API provider");
    expect(await alertRows(revoked.id)).toEqual([]);
  });

  it("without SMTP writes the alert to the log and counts it as sent", async () => {
    const { team } = await budgetTeam("Log Only", 10);
    await setSpend("team", team.id, team.id, 5);
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(await run()).toMatchObject({ sent: 1 });
      expect(logged.mock.calls.flat().join("\n")).toContain("Log Only: 50 % of the monthly budget used");
    } finally {
      logged.mockRestore();
    }
    expect(await alertRows(team.id)).toMatchObject([{ emailed: true }]);
  });
});
