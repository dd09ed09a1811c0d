import type { SealedValue } from '@lead/crypto/sealed-value';
import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import type { JusticeEventRecorded, JusticeRecordEvent, JusticeRecordKind } from './justice-record.events.js';

/** One matched row of a justice-system import, for the participant it matched. */
export interface RecordJusticeEvent {
  type: 'RecordJusticeEvent';
  participantId: string;
  jurisdiction: string;
  recordKey: string;
  kind: JusticeRecordKind;
  occurredOn: string;
  district: string;
  offenseCode: string | null;
  felony: boolean | null;
  jailDays: number | null;
  importId: string;
  coveredThrough: string;
  identity: SealedValue;
  at: string;
}

export type JusticeRecordCommand = RecordJusticeEvent;

export type JusticeRecordState =
  | { status: 'empty' }
  | { status: 'open'; participantId: string; jurisdiction: string; recordKeys: ReadonlySet<string> };

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/** The most jail days one release may report: ten years. */
export const MAX_JAIL_DAYS = 3650;

/**
 * A participant's justice record: what the county's justice system reported about them, one event per source
 * record. A record already held (same jurisdiction, same source record id) is not recorded again, so a re-import
 * decides nothing. The shape rules of the import format are checked again here: a row the parser let through by
 * mistake must not become a published event that says something impossible.
 */
function recordJusticeEvent(command: RecordJusticeEvent, state: JusticeRecordState): JusticeRecordEvent[] {
  if (state.status === 'open') {
    if (state.participantId !== command.participantId)
      throw rule('record_of_other_participant', 'This justice record belongs to another participant.');
    if (state.jurisdiction !== command.jurisdiction)
      throw rule('record_of_other_jurisdiction', "This justice record is of another jurisdiction's participant.");
    if (state.recordKeys.has(command.recordKey)) return [];
  }
  if (command.felony !== null && command.kind !== 'charge')
    throw rule('felony_not_a_charge', 'Only a charge is a felony or not.');
  if (command.kind === 'charge' && (command.felony === null || command.offenseCode === null))
    throw rule('charge_incomplete', 'A charge names its offense code and whether it is a felony.');
  if (command.jailDays !== null && command.kind !== 'jail_release')
    throw rule('jail_days_not_a_release', 'Only a jail release reports jail days.');
  if (command.kind === 'jail_release') {
    const days = command.jailDays;
    if (days === null || !Number.isInteger(days) || days < 0 || days > MAX_JAIL_DAYS)
      throw rule('jail_days_out_of_range', `A jail release reports 0 to ${MAX_JAIL_DAYS} whole jail days.`);
  }
  if (command.occurredOn > command.coveredThrough)
    throw rule('after_covered_through', 'The event is dated after the day its import is complete through.');
  const recorded: JusticeEventRecorded = {
    type: 'JusticeEventRecorded',
    participantId: command.participantId,
    jurisdiction: command.jurisdiction,
    recordKey: command.recordKey,
    kind: command.kind,
    occurredOn: command.occurredOn,
    district: command.district,
    offenseCode: command.offenseCode,
    felony: command.felony,
    jailDays: command.jailDays,
    importId: command.importId,
    coveredThrough: command.coveredThrough,
    identity: command.identity,
    recordedAt: command.at,
  };
  return [recorded];
}

export const justiceRecordDecider: Decider<JusticeRecordCommand, JusticeRecordState, JusticeRecordEvent> = {
  initialState: { status: 'empty' },
  decide(command, state) {
    switch (command.type) {
      case 'RecordJusticeEvent':
        return recordJusticeEvent(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'JusticeEventRecorded': {
        const keys = new Set(state.status === 'open' ? state.recordKeys : []);
        keys.add(event.recordKey);
        return {
          status: 'open',
          participantId: event.participantId,
          jurisdiction: event.jurisdiction,
          recordKeys: keys,
        };
      }
    }
  },
};
