import { jest } from '@jest/globals';

// The integration file runs brokers, a simulator and a minute of load; unit tests finish in ms.
jest.setTimeout(30_000);
