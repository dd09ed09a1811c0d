import { ProblemException } from '@lead/platform';
import { isInformantField } from './informant-fields.js';
import { assertRequestHygiene, isPrototypeKey, MAX_BODY_DEPTH, requestHygieneProblems } from './request-hygiene.js';

describe('informant fields', () => {
  it.each([
    'informant',
    'informantName',
    'Informant_Id',
    'confidentialSource',
    'confidential-source',
    'CI_source',
    'source',
    'sources',
    'sourceInformation',
    'source_name',
    'tipster',
    'snitchList',
  ])('refuses %s', (key) => expect(isInformantField(key)).toBe(true));

  it.each(['sourceOfIncome', 'incomeSource', 'referralSource', 'resource', 'name', 'outsourced', 'dataSource'])(
    'allows %s',
    (key) => expect(isInformantField(key)).toBe(false),
  );
});

describe('request hygiene', () => {
  it('names prototype keys and informant fields at any depth, in body and query', () => {
    const body = JSON.parse(
      '{"ok":1,"__proto__":{"x":1},"address":{"constructor":{},"informant":"y"},"list":[{"toString":1}]}',
    );
    expect(requestHygieneProblems(body, { source: 'z' }).map((problem) => problem.field)).toEqual([
      '__proto__',
      'address.constructor',
      'address.informant',
      'list.0.toString',
      'query.source',
    ]);
    expect(isPrototypeKey('valueOf')).toBe(true);
    expect(isPrototypeKey('value')).toBe(false);
  });

  it('refuses nesting deeper than the limit, without recursing itself', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const problems = requestHygieneProblems({ deep }, {});
    expect(problems).toHaveLength(1);
    expect(problems[0].field.split('.')).toHaveLength(MAX_BODY_DEPTH);
    let fine: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH - 1; i++) fine = { a: fine };
    expect(requestHygieneProblems(fine, {})).toEqual([]);
  });

  it('answers a 400 problem naming the fields', () => {
    try {
      assertRequestHygiene({ informant: 'x' }, {});
      throw new Error('expected a problem');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).problem).toMatchObject({
        status: 400,
        detail: 'Invalid field: informant',
        errors: [{ field: 'informant' }],
      });
    }
  });
});
