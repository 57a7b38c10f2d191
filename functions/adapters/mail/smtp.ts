import { createTransport, type Transporter } from 'nodemailer';
import type { MailSender, OutgoingMail } from '../../ports/mail';

/**
 * Mail through any SMTP relay with nodemailer: at home the embedded mailbox
 * (functions/local/mailbox.ts), exactly as the portal would talk to a real relay.
 */
export class SmtpMailSender implements MailSender {
  private readonly transport: Transporter;

  constructor(
    options: { host: string; port: number; secure?: boolean },
    private readonly from: string,
  ) {
    this.transport = createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure ?? false,
      // The local mailbox offers no TLS; a real relay would be given `secure` or STARTTLS.
      ignoreTLS: !options.secure,
      // A few connections reused: a publish to 30 organisations is a burst of mails.
      pool: true,
      maxConnections: 4,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
  }

  close() {
    this.transport.close();
  }
}
