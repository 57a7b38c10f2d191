/**
 * A webhook receiver as a member would write one, from README.md's "Webhooks: verify a delivery"
 * alone: nothing here imports the portal's code. It listens on 127.0.0.1 on a free port, checks
 * each delivery's signature and age against its own injected clock, and answers what the test
 * tells it to (2xx by default). Every request is kept, accepted or not, with why.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** null: the signature is valid and fresh; otherwise why it was rejected. */
  rejected: string | null;
  status: number;
}

export function verifyDelivery(
  secret: string,
  header: string | undefined,
  rawBody: Buffer,
  nowSeconds: number,
): string | null {
  if (!header) return 'no signature header';
  const parts = new Map<string, string>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !/^\d+$/.test(t) || !v1 || !/^[0-9a-f]+$/.test(v1)) return 'malformed signature header';
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${t}.`, 'utf8'), rawBody]))
    .digest('hex');
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(v1, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'signature mismatch';
  if (Math.abs(nowSeconds - Number(t)) > 300) return 'timestamp outside 5 minutes';
  return null;
}

export async function startReceiver(options: { secret: () => string; now: () => Date }) {
  const received: Received[] = [];
  /** What the receiver answers a valid delivery (a failing endpoint: 500). */
  let answer = 204;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const header = req.headers['x-alliance-signature'];
      const rejected = verifyDelivery(
        options.secret(),
        Array.isArray(header) ? header[0] : header,
        raw,
        Math.floor(options.now().getTime() / 1000),
      );
      const status = rejected ? 401 : answer;
      received.push({ headers: req.headers, body: raw.toString('utf8'), rejected, status });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/alliance`,
    received,
    answerWith(status: number) {
      answer = status;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
