import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestKey } from "../api/test-helpers";
import { db } from "../db";
import { startTestSmtpServer } from "../email/test-smtp-server";
import { makeTeam } from "../testing/factories";
import { notifyLeaks, revokeLeakedKeys } from "./leaked";

let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(() => smtp.close());

const reporter = { name: "Leaked-key report", ip: "203.0.113.9", userAgent: "scanner" };
const item = (token: string) => ({ token, type: "gatehouse", url: "https://paste.example/1", source: "paste" });

describe("revokeLeakedKeys", () => {
  it("revokes a key reported by two racing reports (and twice within one) once: one audit entry, one email", async () => {
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    try {
      const { team, members } = await makeTeam(["owner", "billing"]);
      const { key, secret } = await createTestKey(team.id, { name: "raced" });
      const results = await Promise.all([revokeLeakedKeys([item(secret), item(secret)], reporter), revokeLeakedKeys([item(secret)], reporter)]);
      expect(results.flatMap((r) => r.answer.map((a) => a.label))).toEqual(["true_positive", "true_positive", "true_positive"]);
      const revoked = results.flatMap((r) => r.revoked);
      expect(revoked.map((r) => r.keyId)).toEqual([key.id]);
      expect(await db.auditLog.count({ where: { action: "key.leaked", targetId: key.id } })).toBe(1);

      expect(await notifyLeaks(revoked, reporter.name, { retryPausesMs: [] })).toEqual({ sent: 1, failed: 0 });
      const mails = smtp.messages.filter((m) => m.body.includes('"raced"'));
      expect(mails).toHaveLength(1);
      expect(mails[0].to).toEqual([members.owner.user.email]);
      expect(mails[0].body).toContain("Reported by: Leaked-key report");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("keeps where a key was found without control characters (a NUL byte would not fit PostgreSQL's text)", async () => {
    const { team } = await makeTeam(["owner"]);
    const { key, secret } = await createTestKey(team.id);
    const { revoked } = await revokeLeakedKeys([{ token: secret, type: "t\u0000", url: "https://x.example/a\u0000b\nc", source: "con\u0007tent" }], reporter);
    expect(revoked).toHaveLength(1);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ leakUrl: "https://x.example/abc", leakSource: "content" });
  });

  it("an expired key is a true positive that changes nothing", async () => {
    const { team } = await makeTeam(["owner"]);
    const { key, secret } = await createTestKey(team.id, { expiresAt: new Date(Date.now() - 1000) });
    const { answer, revoked } = await revokeLeakedKeys([item(secret)], reporter);
    expect(answer[0].label).toBe("true_positive");
    expect(revoked).toEqual([]);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({ revokedAt: null, leakedAt: null });
  });
});
