/**
 * Sending mail: SMTP at home (nodemailer, functions/adapters/mail/smtp.ts), Amazon SES v2 in AWS
 * (functions/adapters/mail/ses.ts). The notify job renders the mail (shared/notification.ts
 * `mailOf`); a sender only delivers it, headers included.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. RFC 8058's `List-Unsubscribe` and `List-Unsubscribe-Post`. */
  headers: Record<string, string>;
}

export interface MailSender {
  /** Resolves once the relay accepted the mail; throws when it did not (the job retries). */
  send(mail: OutgoingMail): Promise<void>;
}

/** The RFC 8058 headers of a mail whose kind one click turns off. */
export const oneClickHeaders = (unsubscribeUrl: string): Record<string, string> => ({
  'List-Unsubscribe': `<${unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});
