export * from './protocol.js';
export * from './offense-catalogue.js';
export * from './jurisdiction-config-error.js';
export * from './protocol-parser.js';
export * from './jurisdiction-registry.js';
export * from './protocol-adoption.js';
