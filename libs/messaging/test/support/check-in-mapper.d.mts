import type { IntegrationEventMapper } from '../../src/index.js';

export const CHECKED_IN: 'ParticipantCheckedIn';
export const INTEGRATION_TYPE: 'lead.test.checked-in';
export const TRACEPARENT: string;
export function checkInMapper(topic: string): IntegrationEventMapper;
