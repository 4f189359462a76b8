export * from './data-source.factory.js';
export * from './migrations/all-migrations.js';
export * from './leases/lease.repository.js';
export * from './calls/call-record.js';
export * from './calls/call.repository.js';
