import { deidentify, pseudonymFor } from './deidentify.js';
import type { ParticipantRecord } from './participant-record.js';

const record = (dateOfBirth: string): ParticipantRecord => ({
  participantId: 'p-9',
  jurisdiction: 'seattle-king-county',
  identity: { name: 'X', dateOfBirth },
  status: { enrolled: false, engaged: false, intakeCompletedByDeadline: null, exited: true },
  milestones: { exitedOn: '2024-12-31' },
});

describe('deidentify', () => {
  it('keys pseudonyms: stable for one key, different under another, never the id', () => {
    const a = Buffer.alloc(32, 1);
    expect(pseudonymFor('p-9', a)).toBe(pseudonymFor('p-9', a));
    expect(pseudonymFor('p-9', a)).not.toBe(pseudonymFor('p-9', Buffer.alloc(32, 2)));
    expect(pseudonymFor('p-9', a)).not.toBe(pseudonymFor('p-8', a));
    expect(pseudonymFor('p-9', a)).not.toContain('p-9');
  });

  it('withholds the birth year of people 90 or older (safe harbor), counting birthdays exactly', () => {
    const key = Buffer.alloc(32);
    const on = new Date('2025-06-01T00:00:00Z');
    expect(deidentify(record('1935-06-01'), key, on)).toMatchObject({ yearOfBirth: null, ninetyOrOlder: true });
    expect(deidentify(record('1935-06-02'), key, on)).toMatchObject({ yearOfBirth: 1935, ninetyOrOlder: false });
    expect(deidentify(record('not a date'), key, on)).toMatchObject({ yearOfBirth: null, ninetyOrOlder: false });
  });

  it('reduces dates to years and leaves absent details null', () => {
    expect(deidentify(record('1990-01-01'), Buffer.alloc(32), new Date('2025-06-01'))).toMatchObject({
      race: null,
      district: null,
      referredYear: null,
      exitedYear: 2024,
    });
  });
});
