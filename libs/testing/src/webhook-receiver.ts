import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook delivery as a receiver sees it. */
export interface ReceivedHook {
  /** The last segment of the request path: the name a test gave a subscription's URL (`${url}/rep` → `rep`). */
  subscriber: string;
  headers: IncomingHttpHeaders;
  /** The raw body (what the signature covers). */
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks`: append `/<subscriber>` to tell subscriptions apart. */
  url: string;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 (port 0) for tests: hands each delivery, read whole, to `onHook`
 * and answers with the status it returns (204 when it returns nothing).
 */
export async function startWebhookReceiver(onHook: (hook: ReceivedHook) => number | void): Promise<WebhookReceiver> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      let status = 500;
      try {
        status = onHook({ subscriber: (req.url ?? '').split('/').pop() ?? '', headers: req.headers, body }) ?? 204;
      } finally {
        res.writeHead(status).end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
