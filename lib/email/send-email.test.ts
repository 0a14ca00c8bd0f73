import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { appBaseUrl, DEFAULT_EMAIL_FROM, emailConfigFromEnv } from "./config";
import { sendEmail } from "./send-email";
import { startTestSmtpServer } from "./test-smtp-server";

describe("emailConfigFromEnv", () => {
  it("logs instead of sending when SMTP_HOST is missing", () => {
    expect(emailConfigFromEnv({})).toEqual({ from: DEFAULT_EMAIL_FROM, smtp: null });
  });

  it("reads every SMTP variable", () => {
    const config = emailConfigFromEnv({
      SMTP_HOST: "mail.example.com",
      SMTP_PORT: "465",
      SMTP_USER: "bot",
      SMTP_PASSWORD: "pw",
      SMTP_SECURE: "true",
      EMAIL_FROM: "Acme <noreply@acme.test>",
    });
    expect(config).toEqual({
      from: "Acme <noreply@acme.test>",
      smtp: { host: "mail.example.com", port: 465, secure: true, auth: { user: "bot", pass: "pw" } },
    });
    expect(emailConfigFromEnv({ SMTP_HOST: "h" }).smtp).toEqual({ host: "h", port: 587, secure: false, auth: undefined });
  });

  it("refuses a nonsense port", () => {
    expect(() => emailConfigFromEnv({ SMTP_HOST: "h", SMTP_PORT: "smtp" })).toThrow(/SMTP_PORT/);
  });

  it("builds links from APP_URL, then NEXTAUTH_URL, then localhost", () => {
    expect(appBaseUrl({ APP_URL: "https://portal.acme.test/", NEXTAUTH_URL: "http://x" })).toBe("https://portal.acme.test");
    expect(appBaseUrl({ NEXTAUTH_URL: "http://localhost:3101" })).toBe("http://localhost:3101");
    expect(appBaseUrl({})).toBe("http://localhost:3000");
  });
});

describe("sendEmail through a real SMTP server", () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(() => smtp.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("delivers text and HTML to the configured server", async () => {
    vi.stubEnv("SMTP_HOST", "127.0.0.1");
    vi.stubEnv("SMTP_PORT", String(smtp.port));
    vi.stubEnv("EMAIL_FROM", "Gatehouse Test <bot@gatehouse.test>");
    const result = await sendEmail({
      to: "dana@example.test",
      subject: "Hello there",
      text: "Open http://localhost:3000/invite/abc_DEF-123",
      html: "<p>Open <a href=\"http://localhost:3000/invite/abc_DEF-123\">this</a></p>",
    });
    expect(result.via).toBe("smtp");
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(["dana@example.test"]);
    expect(mail.from).toBe("bot@gatehouse.test");
    expect(mail.body).toContain("Subject: Hello there");
    expect(mail.body).toContain("http://localhost:3000/invite/abc_DEF-123");
    expect(mail.body).toMatch(/text\/html/);
  });

  it("writes the message to the log when SMTP is not configured", async () => {
    vi.stubEnv("SMTP_HOST", "");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const before = smtp.messages.length;
    const result = await sendEmail({ to: "lee@example.test", subject: "Join", text: "Link: http://x/invite/t0k" });
    expect(result).toEqual({ via: "log" });
    const logged = log.mock.calls.flat().join("\n");
    expect(logged).toContain("lee@example.test");
    expect(logged).toContain("Join");
    expect(logged).toContain("http://x/invite/t0k");
    expect(smtp.messages.length).toBe(before);
  });

  it("throws when the server refuses the message", async () => {
    const refusing = await startTestSmtpServer({ rejectRecipients: true });
    try {
      vi.stubEnv("SMTP_HOST", "127.0.0.1");
      vi.stubEnv("SMTP_PORT", String(refusing.port));
      await expect(sendEmail({ to: "x@example.test", subject: "s", text: "t" })).rejects.toThrow();
    } finally {
      await refusing.close();
    }
  });
});
