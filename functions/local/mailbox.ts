/**
 * The local mailbox: a real SMTP server (smtp-server, from the makers of nodemailer) that keeps
 * what it receives in memory, parsed by mailparser, so `npm start` and the tests send mail
 * through SMTP exactly as the portal does through any relay. Its messages are served by the
 * local server at `/local/mail` (a page) and `/local/mail/messages` (JSON, issue 12's Contract).
 * Never part of a Lambda bundle (infra/bundling.ts bundles only the Lambda entries).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
  /** Every header, lower-cased names, as received (List-Unsubscribe and the like). */
  headers: Record<string, string>;
}

/** The most messages kept: a long-running `npm start` does not grow without bound. */
const keep = 1000;

export interface Mailbox {
  /** Where to send: 127.0.0.1 and the port the server got. */
  host: string;
  port: number;
  /** Newest first. */
  messages(): ReceivedMail[];
  /** Resolves once `count` messages (in all) have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  clear(): void;
  stop(): Promise<void>;
}

const addressesOf = (value: unknown): string[] => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a: { value?: { address?: string }[] }) =>
    (a.value ?? []).map((v) => v.address ?? '').filter(Boolean),
  );
};

/**
 * Starts the mailbox on a free port of the loopback interface (port 0: the system chooses, so
 * several portals, as the tests start them, never collide) unless `port` is given.
 */
export async function startMailbox(options: { port?: number; now?: () => Date } = {}): Promise<Mailbox> {
  const now = options.now ?? (() => new Date());
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    // Local only: no TLS, no sign-in, and nothing but loopback can reach it.
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'Alliance portal local mailbox',
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) {
            headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
          }
          received.unshift({
            to: addressesOf(parsed.to),
            from: addressesOf(parsed.from)[0] ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            receivedAt: now().toISOString(),
            headers,
          });
          received.length = Math.min(received.length, keep);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  const host = '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host,
    port,
    messages: () => [...received],
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...received]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`the mailbox holds ${received.length} messages, not ${count}, after ${timeoutMs} ms`),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    clear: () => {
      received.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
