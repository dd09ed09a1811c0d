import { DeciderSpecification } from '@lead/testing';
import type { DataUseAgreementCommand, RecordDataUseAgreement } from './data-use-agreement.commands.js';
import { dataUseAgreementDecider as decider } from './data-use-agreement.decider.js';
import { agreementPermit } from './data-use-agreement-permit.js';
import type { LimitedDataSetField } from './limited-data-set-fields.js';

const agreementId = '0193a3c1-7d2e-7a1b-9c3d-4e5f60718293';
const record: RecordDataUseAgreement = {
  type: 'RecordDataUseAgreement',
  agreementId,
  jurisdiction: 'denver',
  recipientAgency: 'UW-EVAL',
  purpose: 'Outcome evaluation of LEAD Denver, 2026–2027',
  fields: ['equity_group', 'event_date'],
  expiresAt: '2027-06-30T23:59:59.000Z',
  at: '2026-12-01T10:00:00.000Z',
};
const amend = (fields: LimitedDataSetField[], at = record.at): DataUseAgreementCommand => ({
  type: 'AmendDataUseAgreementFields',
  fields,
  at,
});
const revoke: DataUseAgreementCommand = {
  type: 'RevokeDataUseAgreement',
  reason: 'study_ended',
  at: '2027-01-10T09:00:00.000Z',
};

const spec = DeciderSpecification.for(decider);
const recorded = spec.eventsOf(record);

describe('DataUseAgreement decider', () => {
  it('records the agreement with its fields in the vocabulary’s order', () =>
    spec
      .given([])
      .when(record)
      .then([
        {
          type: 'DataUseAgreementRecorded',
          agreementId,
          jurisdiction: 'denver',
          recipientAgency: 'UW-EVAL',
          purpose: record.purpose,
          fields: ['event_date', 'equity_group'],
          expiresAt: '2027-06-30T23:59:59.000Z',
          recordedAt: record.at,
        },
      ]));

  it('takes the same agreement sent again as recorded, and refuses other terms under its id', () => {
    spec
      .given(recorded)
      .when({ ...record, at: '2026-12-01T10:05:00.000Z' })
      .thenNothing();
    spec
      .given(recorded)
      .when({ ...record, fields: ['district'] })
      .thenThrows('agreement_already_recorded');
  });

  it('refuses an agreement without fields or that expires before it is recorded', () => {
    spec
      .given([])
      .when({ ...record, fields: [] })
      .thenThrows('fields_required');
    spec
      .given([])
      .when({ ...record, expiresAt: record.at })
      .thenThrows('expiry_not_in_future');
  });

  it('amends the fields while in force; the same list again decides nothing', () => {
    spec
      .given(recorded)
      .when(amend(['district', 'event_date']))
      .then([{ type: 'DataUseAgreementFieldsAmended', fields: ['event_date', 'district'], amendedAt: record.at }]);
    spec
      .given(recorded)
      .when(amend(['equity_group', 'event_date']))
      .thenNothing();
  });

  it('refuses to amend an agreement not recorded, revoked or expired', () => {
    spec
      .given([])
      .when(amend(['district']))
      .thenThrows('agreement_not_recorded');
    spec
      .given([...recorded, ...spec.given(recorded).when(revoke).events])
      .when(amend(['district']))
      .thenThrows('agreement_revoked');
    spec
      .given(recorded)
      .when(amend(['district'], '2027-07-01T00:00:00.000Z'))
      .thenThrows('agreement_expired');
  });

  it('revokes once; a second revocation decides nothing; nothing to revoke is a rule broken', () => {
    const revoked = [...recorded, ...spec.given(recorded).when(revoke).events];
    spec
      .given(recorded)
      .when(revoke)
      .then([{ type: 'DataUseAgreementRevoked', reason: 'study_ended', revokedAt: revoke.at }]);
    spec.given(revoked).when(revoke).thenNothing();
    spec.given([]).when(revoke).thenThrows('agreement_not_recorded');
  });
});

describe('agreementPermit', () => {
  const request = { jurisdiction: 'denver', recipientAgency: 'UW-EVAL', at: new Date('2027-01-01T00:00:00Z') };
  const state = spec.given(recorded).state;

  it('grants the agreement’s fields to its recipient, in its jurisdiction, before it expires', () =>
    expect(agreementPermit(state, request)).toEqual({
      granted: true,
      agreementId,
      fields: ['event_date', 'equity_group'],
    }));

  it('refuses a missing, foreign, revoked or expired agreement, each with its code', () => {
    const refusal = (s: typeof state, r = request) => {
      const permit = agreementPermit(s, r);
      return permit.granted ? undefined : permit.refusal;
    };
    expect(refusal(spec.given([]).state)).toBe('data_use_agreement_missing');
    expect(refusal(state, { ...request, jurisdiction: 'san-luis-valley' })).toBe(
      'data_use_agreement_other_jurisdiction',
    );
    expect(refusal(state, { ...request, recipientAgency: 'OTHER-EVAL' })).toBe('data_use_agreement_foreign_recipient');
    const revoked = spec.given([...recorded, ...spec.given(recorded).when(revoke).events]).state;
    expect(refusal(revoked)).toBe('data_use_agreement_revoked');
    // Another agency is told "not yours" before anything about the agreement's status.
    expect(refusal(revoked, { ...request, recipientAgency: 'OTHER-EVAL' })).toBe(
      'data_use_agreement_foreign_recipient',
    );
    expect(refusal(state, { ...request, at: new Date('2027-06-30T23:59:59.000Z') })).toBe('data_use_agreement_expired');
  });
});
