import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. Plain text,
 * no auth: STARTTLS is hidden because its self-signed certificate would make
 * nodemailer's opportunistic upgrade fail verification.
 */
export class TestSmtpServer {
  readonly messages: ReceivedMail[] = [];
  #server: SMTPServer | undefined;
  #port = 0;

  get port(): number {
    return this.#port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  /** Listens on `port`, or on an ephemeral one the first time; on the same one again after `stop()`. */
  async start(port = this.#port): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      hideSTARTTLS: true,
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      const net = server.listen(port, '127.0.0.1', () => resolve());
      net.once('error', reject);
    });
    this.#server = server;
    this.#port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits for messages to `to` (the dispatcher returns once the server accepted, but `onData` may run a tick later). */
  async waitFor(to: string, count = 1, timeoutMs = 5_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter((m) => m.to.includes(to));
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} message(s) to ${to}, got ${found.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export interface MimePart {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * The leaf parts of a MIME message, decoded (base64, quoted-printable). Just
 * enough to read what nodemailer writes; no dependency for a test helper.
 */
export function mimeParts(raw: string): MimePart[] {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith('--'))
      .flatMap((chunk) => mimeParts(chunk.replace(/^\r\n/, '').replace(/\r\n$/, '')));
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let decoded: Buffer;
  if (encoding === 'base64') decoded = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') {
    decoded = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  } else decoded = Buffer.from(body, 'utf8');
  return [{ headers, body: decoded }];
}

export function textOf(raw: string, type = 'text/plain'): string {
  const part = mimeParts(raw).find((p) => (p.headers['content-type'] ?? '').toLowerCase().startsWith(type));
  if (!part) throw new Error(`no ${type} part`);
  return part.body.toString('utf8');
}
