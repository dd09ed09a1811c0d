import { DomainRuleViolation, type Decider } from '@lead/event-store/decider';
import type {
  AmendDataUseAgreementFields,
  DataUseAgreementCommand,
  RecordDataUseAgreement,
  RevokeDataUseAgreement,
} from './data-use-agreement.commands.js';
import type { DataUseAgreementEvent, DataUseAgreementRecorded, RevocationReason } from './data-use-agreement.events.js';
import { LIMITED_DATA_SET_FIELDS, type LimitedDataSetField } from './limited-data-set-fields.js';

/** The agreement's terms as they stand (its fields as last amended). */
export type AgreementTerms = Omit<DataUseAgreementRecorded, 'type'>;

/**
 * Where an agreement is: not recorded, in force (until it expires: expiry is a matter of time, judged against the
 * command's or the export's instant, not a state of its own), or revoked.
 */
export type DataUseAgreementState =
  | { status: 'none' }
  | { status: 'in_force'; terms: AgreementTerms }
  | { status: 'revoked'; terms: AgreementTerms; revoked: { reason: RevocationReason; at: string } };

const rule = (code: string, message: string) => new DomainRuleViolation(code, message);

/** The fields in the vocabulary's order, once each: two spellings of one list are one list. */
function normalized(fields: readonly LimitedDataSetField[]): LimitedDataSetField[] {
  if (fields.length === 0) throw rule('fields_required', 'An agreement names at least one field of the data set.');
  return LIMITED_DATA_SET_FIELDS.filter((field) => fields.includes(field));
}

const sameFields = (a: readonly string[], b: readonly string[]) => a.join() === b.join();

/**
 * A data-use agreement (45 CFR 164.514(e)) as the reporting service holds it: recorded once by a program admin of
 * its jurisdiction for one recipient agency, with a purpose, the limited data set's fields and an expiry; its fields
 * may be amended while it is in force; it may be revoked, once (a second revocation decides nothing).
 */
export const dataUseAgreementDecider: Decider<DataUseAgreementCommand, DataUseAgreementState, DataUseAgreementEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'RecordDataUseAgreement':
        return record(command, state);
      case 'AmendDataUseAgreementFields':
        return amendFields(command, state);
      case 'RevokeDataUseAgreement':
        return revoke(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'DataUseAgreementRecorded': {
        const { type: _type, ...terms } = event;
        return { status: 'in_force', terms };
      }
      case 'DataUseAgreementFieldsAmended':
        return state.status === 'none' ? state : { ...state, terms: { ...state.terms, fields: event.fields } };
      case 'DataUseAgreementRevoked':
        return state.status === 'none'
          ? state
          : { status: 'revoked', terms: state.terms, revoked: { reason: event.reason, at: event.revokedAt } };
    }
  },
};

function record(command: RecordDataUseAgreement, state: DataUseAgreementState): DataUseAgreementEvent[] {
  const fields = normalized(command.fields);
  if (Date.parse(command.expiresAt) <= Date.parse(command.at))
    throw rule('expiry_not_in_future', 'An agreement must expire after it is recorded.');
  const terms: AgreementTerms = {
    agreementId: command.agreementId,
    jurisdiction: command.jurisdiction,
    recipientAgency: command.recipientAgency,
    purpose: command.purpose,
    fields,
    expiresAt: new Date(command.expiresAt).toISOString(),
    recordedAt: command.at,
  };
  if (state.status !== 'none') {
    // The same agreement sent again (a retried request) is already recorded; other terms are another agreement.
    const { recordedAt: _a, ...held } = state.terms;
    const { recordedAt: _b, ...sent } = terms;
    if (JSON.stringify(held) === JSON.stringify(sent)) return [];
    throw rule('agreement_already_recorded', 'This agreement is recorded with other terms; amend or revoke it.');
  }
  return [{ type: 'DataUseAgreementRecorded', ...terms }];
}

function amendFields(command: AmendDataUseAgreementFields, state: DataUseAgreementState): DataUseAgreementEvent[] {
  const terms = inForce(state, command.at);
  const fields = normalized(command.fields);
  if (sameFields(fields, terms.fields)) return [];
  return [{ type: 'DataUseAgreementFieldsAmended', fields, amendedAt: command.at }];
}

function revoke(command: RevokeDataUseAgreement, state: DataUseAgreementState): DataUseAgreementEvent[] {
  if (state.status === 'none') throw notRecorded();
  if (state.status === 'revoked') return [];
  return [{ type: 'DataUseAgreementRevoked', reason: command.reason, revokedAt: command.at }];
}

function inForce(state: DataUseAgreementState, at: string): AgreementTerms {
  if (state.status === 'none') throw notRecorded();
  if (state.status === 'revoked') throw rule('agreement_revoked', 'The agreement was revoked.');
  if (hasExpired(state.terms, at)) throw rule('agreement_expired', 'The agreement has expired; record a new one.');
  return state.terms;
}

const notRecorded = () => rule('agreement_not_recorded', 'No such agreement is recorded.');

export function hasExpired(terms: AgreementTerms, at: string | Date): boolean {
  return new Date(at).getTime() >= Date.parse(terms.expiresAt);
}
