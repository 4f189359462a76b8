export * from './unique-name.js';
export * from './deferred.js';
export * from './arrivals.js';
export * from './fake-clock.js';
export * from './test-services.js';
export * from './test-database.js';
export * from './log-capture.js';
