import { esdbConnectionStringProblems, withoutEsdbCredentials } from './esdb-connection-string.js';

describe('an EventStoreDB connection string given to lead-audit', () => {
  it('is accepted in the shapes the client reads', () => {
    for (const good of [
      'esdb://localhost:2113?tls=false',
      'esdb://admin:changeit@es1:2113,es2:2113?tls=true&nodePreference=leader',
      'esdb+discover://admin:p%40ss@cluster.example:2113?TLS=false&defaultDeadline=5000',
    ])
      expect(esdbConnectionStringProblems(good)).toEqual([]);
  });

  it('is refused, without quoting it, where the client would print it with its password', () => {
    const password = 'p@ss';
    const problems = [
      ...esdbConnectionStringProblems(`esdb://admin:${password}@es1:2113`),
      ...esdbConnectionStringProblems('esdb://admin:secret@es1:2113?tlsVerifyCert=false&colour=blue'),
      ...esdbConnectionStringProblems('http://es1:2113'),
    ];
    expect(problems).toEqual([
      expect.stringContaining('percent-encoded'),
      expect.stringContaining('tlsVerifyCert=false is not supported'),
      '--esdb option "colour" is not one the EventStoreDB client knows',
      expect.stringContaining('must be esdb://'),
    ]);
    expect(problems.join(' ')).not.toMatch(/secret|p@ss/);
  });

  it('has its credentials scrubbed from anything printed, encoded or not', () => {
    const connection = 'esdb://admin:s%2Fcret@es1:2113?tls=false';
    expect(withoutEsdbCredentials(`cannot reach ${connection}: bad password s/cret for admin`, connection)).toBe(
      'cannot reach esdb://***@es1:2113?tls=false: bad password *** for ***',
    );
    expect(withoutEsdbCredentials('no credentials here', 'esdb://es1:2113')).toBe('no credentials here');
  });
});
