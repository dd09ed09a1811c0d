import { defineEventContract, type EventContract } from './event-contract.js';
import { eventHistory } from './event-history.js';
import { integer, object } from './schema/schema-builders.js';
import { TOPICS } from './topics.js';

const contract = (type: string, version: number, topic: EventContract['topic'] = TOPICS.cases) =>
  defineEventContract({
    type,
    version,
    topic,
    summary: 'test',
    description: 'test',
    data: object({ count: integer('test') }),
  });

/** The checks the compiler cannot make; the upcaster arguments are cast because the compiler would refuse them. */
const anyHistory = eventHistory as (versions: readonly EventContract[], ...upcasters: unknown[]) => unknown;

describe('eventHistory', () => {
  it('keeps versions oldest first, the newest as latest, with the upcasters between them', () => {
    const history = eventHistory([contract('lead.case.counted', 1), contract('lead.case.counted', 2)], (data) => ({
      count: data.count + 1,
    }));
    expect(history.type).toBe('lead.case.counted');
    expect(history.topic).toBe(TOPICS.cases);
    expect(history.latest.version).toBe(2);
    expect(history.upcasters).toHaveLength(1);
  });

  it('refuses versions out of order or with gaps', () => {
    expect(() => anyHistory([contract('lead.case.counted', 2)])).toThrow(/versions must be 1, 2, 3/);
    expect(() =>
      anyHistory([contract('lead.case.counted', 1), contract('lead.case.counted', 3)], (d: unknown) => d),
    ).toThrow(/position 2 holds v3/);
  });

  it('refuses versions of another type, or a version moving to another topic', () => {
    expect(() =>
      anyHistory([contract('lead.case.counted', 1), contract('lead.case.other', 2)], (d: unknown) => d),
    ).toThrow(/lists a version of lead.case.other/);
    expect(() =>
      anyHistory(
        [contract('lead.case.counted', 1), contract('lead.case.counted', 2, TOPICS.referrals)],
        (d: unknown) => d,
      ),
    ).toThrow(/moves to lead.referrals.v1/);
  });

  it('refuses a missing upcaster', () => {
    expect(() => anyHistory([contract('lead.case.counted', 1), contract('lead.case.counted', 2)])).toThrow(
      /2 versions need 1 upcasters, got 0/,
    );
  });
});
