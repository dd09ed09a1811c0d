export * from './isolated-schema.js';
