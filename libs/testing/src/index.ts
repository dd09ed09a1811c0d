export * from './isolated-schema.js';
export * from './service-shell.js';
