export * from './isolated-schema.js';
export * from './service-shell.js';
export * from './eventually.js';
export * from './service-app.js';
export * from './decider-specification.js';
