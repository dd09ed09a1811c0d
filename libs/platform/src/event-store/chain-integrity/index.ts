export * from './chain-findings-table.js';
export * from './chain-integrity.js';
export * from './chain-verifier.js';
export * from './chain-integrity.providers.js';
export * from './checkpoint-schedule.js';
