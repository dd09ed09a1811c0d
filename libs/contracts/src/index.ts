export * from './topics.js';
export * from './integration-event.js';
