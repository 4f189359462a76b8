import { jest } from '@jest/globals';

// Integration files run NATS, PostgreSQL and a simulated company; unit tests finish in ms.
jest.setTimeout(60_000);
