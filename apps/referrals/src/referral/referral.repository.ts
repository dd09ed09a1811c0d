import { AggregateRepository } from '@lead/event-store';
import type { ReferralCommand } from './referral.commands.js';
import type { ReferralState } from './referral.decider.js';
import type { ReferralEvent } from './referral.events.js';

/** The Referral aggregate's repository (stream `referral-<referralId>`). */
export class ReferralRepository extends AggregateRepository<ReferralCommand, ReferralState, ReferralEvent> {}

export const REFERRAL_STREAM_PREFIX = 'referral-';
export const referralStream = (referralId: string): string => `${REFERRAL_STREAM_PREFIX}${referralId}`;
