import { AggregateRepository } from '@lead/event-store';
import type { DataUseAgreementCommand } from './data-use-agreement.commands.js';
import type { DataUseAgreementState } from './data-use-agreement.decider.js';
import type { DataUseAgreementEvent } from './data-use-agreement.events.js';

/** The DataUseAgreement aggregate's repository, on the reporting service's own event store. */
export class DataUseAgreementRepository extends AggregateRepository<
  DataUseAgreementCommand,
  DataUseAgreementState,
  DataUseAgreementEvent
> {}

export const DATA_USE_AGREEMENT_STREAM_PREFIX = 'datauseagreement-';

/** Ids are lower-case UUIDs; an upper-case spelling names the same agreement. */
export const agreementStream = (agreementId: string): string =>
  `${DATA_USE_AGREEMENT_STREAM_PREFIX}${agreementId.toLowerCase()}`;
