import type { z } from 'zod';

/** A durable event: its versioned subject and the schema of its payload. */
export interface EventContract<S extends string = string, T extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly subject: S;
  readonly schema: T;
}

/** A request/reply exchange over core NATS. */
export interface RequestContract<
  S extends string = string,
  Req extends z.ZodType = z.ZodType,
  Rep extends z.ZodType = z.ZodType,
> {
  readonly kind: 'request';
  readonly subject: S;
  readonly request: Req;
  readonly reply: Rep;
}

export const EVENT_SUBJECT_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*ed\.v[1-9][0-9]*$/;
export const REQUEST_SUBJECT_PATTERN = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

export function defineEvent<S extends string, T extends z.ZodType>(subject: S, schema: T): EventContract<S, T> {
  return { kind: 'event', subject, schema };
}

export function defineRequest<S extends string, Req extends z.ZodType, Rep extends z.ZodType>(
  subject: S,
  request: Req,
  reply: Rep,
): RequestContract<S, Req, Rep> {
  return { kind: 'request', subject, request, reply };
}

export type PayloadOf<C extends EventContract> = z.infer<C['schema']>;
export type RequestOf<C extends RequestContract> = z.infer<C['request']>;
export type ReplyOf<C extends RequestContract> = z.infer<C['reply']>;
