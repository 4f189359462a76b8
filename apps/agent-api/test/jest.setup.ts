import { jest } from '@jest/globals';

// End-to-end files boot the service with PostgreSQL, NATS and an MCP client.
jest.setTimeout(30_000);
