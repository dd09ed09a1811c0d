import { defineEventContract, type ContractData } from '../../event-contract.js';
import { dateTime, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { caseId, sealedValue } from '../shared-fields.js';

export const caseDemographicsRecordedV1 = defineEventContract({
  type: 'lead.case.demographics-recorded',
  version: 1,
  topic: TOPICS.cases,
  summary: 'Case management recorded the participant’s race and ethnicity and sex, sealed.',
  description:
    'Recorded at intake (HMIS 3.04 Race and Ethnicity, HMIS 4.21 Sex), so that the reporting service can break every ' +
    'decision point down by race and ethnicity. `demographics` is sealed with the participant’s data key: ' +
    'integrators and data warehouses subscribe to this topic and Kafka retains its logs, so race never travels ' +
    'readable next to the pseudonymous participant id. Only a service holding the key store opens it ' +
    '(`PersonalDataCipher.open` with the event’s `participantId`), and once the participant’s key is shredded it ' +
    'opens nowhere, retained logs included. Its plaintext is the JSON `{ raceEthnicity: HmisRaceEthnicity[], sex: ' +
    'HmisSex }` of the HMIS codes.',
  data: object({
    caseId: caseId(),
    recordedAt: dateTime('When case management recorded them (the intake’s instant).'),
    demographics: sealedValue(
      'The participant’s `{ raceEthnicity, sex }` (HMIS 3.04 and 4.21 codes), sealed with the participant’s data key.',
      { maxLength: 1024 },
    ),
  }),
});

export type CaseDemographicsRecordedV1 = ContractData<typeof caseDemographicsRecordedV1>;
