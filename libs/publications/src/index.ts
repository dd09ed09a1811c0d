export * from './integration-envelope.js';
export * from './referrals/stored-referral-events.js';
export * from './referrals/referrals-publication.js';
export * from './prosecution/stored-prosecution-events.js';
export * from './prosecution/prosecution-publication.js';
