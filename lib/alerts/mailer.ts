import nodemailer, { type Transporter } from "nodemailer";
import { config } from "@/lib/config/index.ts";

export type MailMessage = { to: string; subject: string; text: string; html: string };
/** Resolves once the mail server has accepted the message; throws when it did not (retried by the caller). */
export type Mailer = (message: MailMessage) => Promise<void>;

let transport: { url: string; transporter: Transporter } | undefined;

/** SMTP through nodemailer, from SMTP_URL and MAIL_FROM; null when no SMTP is configured. */
export function smtpMailer(): Mailer | null {
  const { smtpUrl, mailFrom } = config();
  if (!smtpUrl) return null;
  // One pooled-less transporter per URL: nodemailer opens a connection per message, so a mail
  // server that was down is simply dialled again on the next try.
  if (transport?.url !== smtpUrl) {
    transport = {
      url: smtpUrl,
      transporter: nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, socketTimeout: 30_000 }),
    };
  }
  const { transporter } = transport;
  return async (message) => {
    await transporter.sendMail({ from: mailFrom, ...message });
  };
}
