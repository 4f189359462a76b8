// The Gong simulator for tests of other projects (apps never import apps; tests reach it here).
// A separate entry (`@gong-connector/testing/gong-sim`) so tests that do not need it do not load it.
export * from '@gong-connector/gong-sim';
export * from './stack/service-process.js';
export * from './stack/stack.js';
export * from './sim-profiles.fixture.js';
