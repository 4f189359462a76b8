import { jest } from '@jest/globals';

// Integration tests start gong-sim, PostgreSQL schemas and NATS consumers; a busy 2-core machine needs more than 5 s.
jest.setTimeout(30_000);
