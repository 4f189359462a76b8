export * from './config/load-config.js';
export * from './config/config-fields.js';
export * from './logging/create-logger.js';
export * from './logging/correlation.js';
