export * from './instrument.js';
export * from './instrument-config-error.js';
export * from './instrument-parser.js';
export * from './instrument-registry.js';
export * from './assessment-scoring.js';
export * from './assessment-schedule.js';
export * from './follow-up-rate.js';
