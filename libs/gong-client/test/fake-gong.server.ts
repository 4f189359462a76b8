import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply } from 'fastify';

/** A request as the fake Gong saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The JSON body, parsed (undefined for GET). */
  body: unknown;
}

export type FakeHandler = (request: SeenRequest, reply: FastifyReply) => unknown;

export interface FakeGong {
  baseUrl: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** Plays Gong on 127.0.0.1 (random port): every request goes to `handler`. */
export async function startFakeGong(handler: FakeHandler): Promise<FakeGong> {
  const app = Fastify({ forceCloseConnections: true });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  const requests: SeenRequest[] = [];
  app.all('/*', async (request, reply) => {
    const url = new URL(request.url, 'http://fake');
    const raw = request.body;
    const seen: SeenRequest = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: typeof raw === 'string' && raw !== '' ? (JSON.parse(raw) as unknown) : undefined,
    };
    requests.push(seen);
    return handler(seen, reply);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, requests, close: () => app.close() };
}

/** Sends `body` (an object, or raw JSON text to control number literals) with a status. */
export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));
}

/** A well-formed page of a paginated answer. */
export function pageBody(key: string, items: unknown[], cursor?: string, pageNumber = 0): Record<string, unknown> {
  return {
    requestId: `req-${key}-${pageNumber}`,
    records: {
      totalRecords: 1000,
      currentPageSize: items.length,
      currentPageNumber: pageNumber,
      ...(cursor === undefined ? {} : { cursor }),
    },
    [key]: items,
  };
}
