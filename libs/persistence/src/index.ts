export * from './data-source.factory.js';
export * from './migrations/all-migrations.js';
export * from './leases/lease.repository.js';
