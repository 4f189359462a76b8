import type { EventContract, PayloadOf } from '@gong-connector/contracts';
import type { ConsumerSettings, MessageContext } from './event-consumer.js';

/** A value given as is, or computed from the handler instance at bootstrap (config, injected settings). */
export type FromHandler<T, V> = V | ((self: T) => V);

/** One `@Consume` of a handler class: which method consumes which contract, with which settings. */
export interface ConsumeDeclaration {
  method: string | symbol;
  contract: FromHandler<never, EventContract>;
  settings: FromHandler<never, ConsumerSettings>;
}

/** Where the declarations live on a handler's prototype (a registered symbol, so one copy of this lib or two agree). */
const CONSUMES = Symbol.for('@gong-connector/platform:consumes');

type Prototype = Record<symbol, ConsumeDeclaration[] | undefined>;

/**
 * Declares a JetStream consumer for the decorated method: `ConsumerHost` starts a durable consumer
 * of `contract` with `settings` (through EventConsumer) at application bootstrap, calls the method
 * for each message, and stops the consumer at shutdown before NATS drains. Either argument may be
 * a function of the handler instance, for values that come from config:
 *
 * ```ts
 * @Consume(Events.callIndexed, (self: CallIndexedHandler) => ({ stream: Streams.calls.name, durable: self.config.DURABLE }))
 * async handle(event: CallIndexedV1, ctx: MessageContext): Promise<void> { ... }
 * ```
 *
 * Stacked on one method, each `@Consume` is its own consumer (two lanes into one handler); they
 * start in the order they are written.
 */
export function Consume<C extends EventContract, T = unknown>(contract: FromHandler<T, C>, settings: FromHandler<T, ConsumerSettings>) {
  return <M extends (payload: PayloadOf<C>, ctx: MessageContext) => Promise<void>>(
    target: object,
    method: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    if (typeof descriptor.value !== 'function') throw new TypeError(`@Consume: ${String(method)} is not a method`);
    const proto = target as Prototype;
    const own = Object.prototype.hasOwnProperty.call(proto, CONSUMES) ? proto[CONSUMES]! : [...(proto[CONSUMES] ?? [])];
    // Decorators apply bottom-up: put each one first, so they start in the order they are written.
    own.unshift({ method, contract: contract as ConsumeDeclaration['contract'], settings: settings as ConsumeDeclaration['settings'] });
    Object.defineProperty(proto, CONSUMES, { value: own, configurable: true, enumerable: false, writable: true });
  };
}

/** The `@Consume` declarations of a handler instance (none for anything else). */
export function consumeDeclarationsOf(instance: unknown): readonly ConsumeDeclaration[] {
  if (instance === null || typeof instance !== 'object') return [];
  return (instance as Prototype)[CONSUMES] ?? [];
}

/** A declaration's value for this instance. */
export function resolveFromHandler<V>(value: FromHandler<never, V>, instance: object): V {
  return typeof value === 'function' ? (value as (self: object) => V)(instance) : value;
}
