import nodemailer, { type Transporter } from "nodemailer";
import { emailConfigFromEnv, type SmtpConfig } from "./config";

export type EmailMessage = { to: string; subject: string; text: string; html?: string };
export type SendResult = { via: "smtp"; messageId: string } | { via: "log" };

// One transporter per distinct SMTP config (tests change the environment between cases).
const transports = new Map<string, Transporter>();

function transportFor(smtp: SmtpConfig): Transporter {
  const key = JSON.stringify(smtp);
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.auth,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(key, transport);
  }
  return transport;
}

/**
 * Sends through SMTP when SMTP_HOST is set; otherwise writes the message to
 * the server log so a self-hosted install without mail still shows the links.
 * Throws when the SMTP server refuses or cannot be reached.
 */
export async function sendEmail(message: EmailMessage): Promise<SendResult> {
  const config = emailConfigFromEnv();
  if (!config.smtp) {
    console.log(
      ["[email] SMTP is not configured; this email was not sent:", `To: ${message.to}`, `Subject: ${message.subject}`, "", message.text].join("\n"),
    );
    return { via: "log" };
  }
  const info = await transportFor(config.smtp).sendMail({
    from: config.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
  });
  return { via: "smtp", messageId: info.messageId };
}
