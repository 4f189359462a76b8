import { jest } from '@jest/globals';

// Integration tests start real simulators; on a busy 2-core machine the 5 s default is too tight.
jest.setTimeout(20_000);
