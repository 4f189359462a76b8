import { jest } from '@jest/globals';

// Integration files start a simulator, PostgreSQL schemas and NATS streams on a busy 2-core machine.
jest.setTimeout(60_000);
