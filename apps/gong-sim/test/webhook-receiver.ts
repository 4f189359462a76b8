import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A local HTTP server that records webhook deliveries; `next()` waits for one (with a timeout). */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private waiters: Array<(w: ReceivedWebhook) => void> = [];
  private server!: Server;
  url = '';

  async start(status = 200): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const w = { url: `${this.url.replace(/\/hook.*$/, '')}${req.url}`, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
        this.received.push(w);
        res.writeHead(status).end();
        const waiter = this.waiters.shift();
        waiter?.(w);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook?tenant=sim`;
    return this;
  }

  /** The next delivery not yet taken by an earlier call. */
  next(timeoutMs = 5000): Promise<ReceivedWebhook> {
    const taken = this.taken++;
    if (this.received.length > taken) return Promise.resolve(this.received[taken]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no webhook within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((w) => {
        clearTimeout(timer);
        resolve(w);
      });
    });
  }

  private taken = 0;

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
