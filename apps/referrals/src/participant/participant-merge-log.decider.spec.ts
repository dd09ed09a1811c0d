import { DeciderSpecification } from '@lead/testing';
import { participantMergeLogDecider, type LogParticipantMerge } from './participant-merge-log.decider.js';
import type { ParticipantMergeLogged } from './participant-merge-log.events.js';

const standing = (participantId: string, jurisdiction = 'denver') => ({
  participantId,
  jurisdiction,
  mergedInto: null,
});
const merge = (overrides: Partial<LogParticipantMerge> = {}): LogParticipantMerge => ({
  type: 'LogParticipantMerge',
  participant: standing('p-2'),
  into: standing('p-1'),
  mergedBy: { subject: 'admin-1', agency: 'OBHS' },
  reasonCode: 'same_person_misspelled',
  at: '2024-02-01T00:00:00.000Z',
  ...overrides,
});
const logged = (participantId: string, into: string): ParticipantMergeLogged => ({
  type: 'ParticipantMergeLogged',
  participantId,
  into,
});

const spec = DeciderSpecification.for(participantMergeLogDecider);

describe('Participant merge log decider', () => {
  it('logs a merge into a standing record of the same jurisdiction', () => {
    spec
      .given([])
      .when(merge())
      .then([logged('p-2', 'p-1')]);
    spec
      .given([logged('p-7', 'p-8')])
      .when(merge())
      .thenState({
        mergedInto: new Map([
          ['p-7', 'p-8'],
          ['p-2', 'p-1'],
        ]),
      });
  });

  it('merge_target_not_found: no surviving record the caller may see', () => {
    spec
      .given([])
      .when(merge({ into: null }))
      .thenThrows('merge_target_not_found');
  });

  it('merge_into_itself / merge_across_jurisdictions: never loses or crosses records', () => {
    spec
      .given([])
      .when(merge({ into: standing('p-2') }))
      .thenThrows('merge_into_itself');
    spec
      .given([])
      .when(merge({ into: standing('p-1', 'seattle-king-county') }))
      .thenThrows('merge_across_jurisdictions');
  });

  it('already_merged: by the log, or by the record’s own stream', () => {
    spec
      .given([logged('p-2', 'p-3')])
      .when(merge())
      .thenThrows('already_merged');
    spec
      .given([])
      .when(merge({ participant: { ...standing('p-2'), mergedInto: 'p-3' } }))
      .thenThrows('already_merged');
  });

  it('merge_into_merged: into the survivor, not a record itself merged (by the log or its stream)', () => {
    spec
      .given([logged('p-1', 'p-0')])
      .when(merge())
      .thenThrows('merge_into_merged');
    spec
      .given([])
      .when(merge({ into: { ...standing('p-1'), mergedInto: 'p-0' } }))
      .thenThrows('merge_into_merged');
  });

  it('two merges racing in opposite directions: the second, decided on the first, is refused', () => {
    const first = spec.given([]).when(merge()).events;
    spec
      .given(first)
      .when(merge({ participant: standing('p-1'), into: standing('p-2') }))
      .thenThrows('merge_into_merged');
  });

  it('reason_code_invalid: a code, never free text', () => {
    spec
      .given([])
      .when(merge({ reasonCode: 'Her cousin says so' }))
      .thenThrows('reason_code_invalid');
  });
});
