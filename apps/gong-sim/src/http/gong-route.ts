import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serializeGongJson } from './gong-json.serializer.js';

export interface GongRouteConfig {
  /** The path as the spec writes it, e.g. `/v2/calls/{id}` (used for stats and scope checks). */
  specPath: string;
  /** Scope a Bearer token needs (the spec's endpoint description). */
  scope?: string;
  /** Status for bad or insufficient credentials: 401 on most endpoints, 403 where the spec says so. */
  authFailureStatus: 401 | 403;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    gong?: GongRouteConfig;
  }
  interface FastifyRequest {
    gongRequestId: string;
    /** Scopes of the Bearer token that authenticated the request; undefined for Basic auth. */
    gongScopes: ReadonlySet<string> | undefined;
  }
}

type HandlerResult = Record<string, unknown> | GongReply | GongRawReply;

/** A handler result with a status other than 200. */
export class GongReply {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {}
}

/**
 * A handler result already serialized: `fields` is the JSON object's members without braces
 * (`"records":{...},"calls":[...]`), for large bodies built from cached fragments.
 */
export class GongRawReply {
  constructor(
    readonly status: number,
    readonly fields: string,
  ) {}
}

export interface GongRouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  specPath: string;
  scope?: string;
  authFailureStatus?: 401 | 403;
  handler: (req: FastifyRequest) => HandlerResult | Promise<HandlerResult>;
}

const registered = new WeakMap<FastifyInstance, Array<{ method: string; specPath: string }>>();

/** The Gong API routes an app serves, as `{method, specPath}` (spec paths, e.g. `/v2/calls/{id}`). */
export function listGongRoutes(app: FastifyInstance): Array<{ method: string; specPath: string }> {
  return [...(registered.get(app) ?? [])];
}

/** Registers a Gong API route; its answer gets the request's `requestId` first, as Gong writes it. */
export function gongRoute(app: FastifyInstance, def: GongRouteDefinition): void {
  const list = registered.get(app) ?? [];
  list.push({ method: def.method, specPath: def.specPath });
  registered.set(app, list);
  app.route({
    method: def.method,
    url: def.specPath.replace(/\{(\w+)\}/g, ':$1'),
    config: { gong: { specPath: def.specPath, scope: def.scope, authFailureStatus: def.authFailureStatus ?? 401 } },
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const result = await def.handler(req);
      if (result instanceof GongRawReply) {
        const head = JSON.stringify({ requestId: req.gongRequestId }).slice(0, -1);
        return reply.code(result.status).type('application/json; charset=utf-8').send(`${head}${result.fields ? `,${result.fields}` : ''}}`);
      }
      const { status, body } = result instanceof GongReply ? result : { status: 200, body: result };
      return sendGongJson(reply, status, { requestId: req.gongRequestId, ...body });
    },
  });
}

export function sendGongJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(serializeGongJson(body));
}
