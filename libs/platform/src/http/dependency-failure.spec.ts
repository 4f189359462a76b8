import { describe, expect, it } from '@jest/globals';
import { dependencyDown } from './dependency-failure.js';

const withProps = (message: string, props: Record<string, unknown>): Error => Object.assign(new Error(message), props);

describe('dependencyDown', () => {
  it.each([
    ['a terminated PostgreSQL backend (57P01)', withProps('terminating connection due to administrator command', { code: '57P01' }), 'postgres'],
    ['a refused PostgreSQL connection class 08', withProps('connection failure', { code: '08006' }), 'postgres'],
    ['TypeORM wrapping a lost connection', withProps('Query failed', { name: 'QueryFailedError', driverError: new Error('Connection terminated unexpectedly') }), 'postgres'],
    ['a cause chain', new Error('outer', { cause: withProps('the database system is shutting down', { code: '57P03' }) }), 'postgres'],
    ['a closed NATS connection', withProps('closed connection', { name: 'ClosedConnectionError' }), 'nats'],
    ['no NATS responders', withProps('no responders', { name: 'NoRespondersError' }), 'nats'],
    ['an Elasticsearch connection error', withProps('connect ECONNREFUSED', { name: 'ConnectionError', meta: {} }), 'elasticsearch'],
    ['a unique violation (a bug, not an outage)', withProps('duplicate key', { code: '23505' }), undefined],
    ['a syntax error', withProps('syntax error at or near', { code: '42601' }), undefined],
    ['a plain error', new Error('boom'), undefined],
    ['a bare socket error (which dependency is unknown)', withProps('connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED', syscall: 'connect' }), undefined],
    ['not an error', 'a string', undefined],
  ])('%s', (_name, error, expected) => {
    expect(dependencyDown(error)).toBe(expected);
  });
});
