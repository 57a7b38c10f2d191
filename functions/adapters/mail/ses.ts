import { type SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { MailSender, OutgoingMail } from '../../ports/mail';

/**
 * Mail through Amazon SES (v2 API). Every mail names the configuration set, whose event
 * destination reports bounces and complaints (functions/jobs/mail-events.ts); the sender is an
 * address of the portal's verified identity.
 */
export function sendEmailInput(
  mail: OutgoingMail,
  from: string,
  configurationSet: string,
): SendEmailCommandInput {
  return {
    FromEmailAddress: from,
    Destination: { ToAddresses: [mail.to] },
    ConfigurationSetName: configurationSet,
    Content: {
      Simple: {
        Subject: { Data: mail.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
        Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })),
      },
    },
  };
}

export class SesMailSender implements MailSender {
  constructor(
    private readonly ses: Pick<SESv2Client, 'send'>,
    private readonly from: string,
    private readonly configurationSet: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    await this.ses.send(new SendEmailCommand(sendEmailInput(mail, this.from, this.configurationSet)));
  }
}
