import { defineEventContract, type ContractData } from '../../event-contract.js';
import { boolean, date, integer, object, optional } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { offenseCode } from '../shared-fields.js';
import { coveredThrough, justiceDistrict, justiceImportId, justiceKind } from './justice-fields.js';

export const justiceRecordImportedV1 = defineEventContract({
  type: 'lead.justice.record-imported',
  version: 1,
  topic: TOPICS.referrals,
  summary:
    'The county’s justice system reported an arrest, charge, booking, jail release or prison admission of a participant.',
  description:
    'One row of a justice-system import (docs/justice-import.md) that matched a LEAD participant by the referrals ' +
    'service’s blind index; the envelope’s participant id names them. What re-arrest, charge, booking, jail-day and ' +
    'prison outcome measures and the time to first re-arrest are computed from. Never the person as the justice ' +
    'system named them, nor its record ids: those stay sealed in the referrals service. The envelope’s id derives ' +
    'from the jurisdiction and the source record id, so a record imported twice is one event.',
  data: object({
    occurredOn: date('The day of the event, as the justice system dates it.'),
    kind: justiceKind(),
    district: justiceDistrict(),
    offenseCode: optional(offenseCode('Charges always, arrests and bookings when the source gives one')),
    felony: optional(boolean('Charges only: whether the charge is a felony.')),
    jailDays: optional(integer('Jail releases only: whole days in jail for this stay.', { minimum: 0, maximum: 3650 })),
    importId: justiceImportId(),
    coveredThrough: coveredThrough(),
  }),
});

export type JusticeRecordImportedV1 = ContractData<typeof justiceRecordImportedV1>;
