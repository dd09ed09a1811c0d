import { runDeadLetterCli } from './dead-letter-cli.js';

async function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDeadLetterCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// The database-backed paths run in test/*-bus.int-spec.ts; these are the refusals that touch nothing.
describe('lead-dlq command line', () => {
  it('prints its usage on --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('lead-dlq list');
  });

  it('names every missing setting at once', async () => {
    const { code, err } = await run(['list'], { BUS: 'kafka' });
    expect(code).toBe(2);
    expect(err).toContain('--group is required');
    expect(err).toContain('--schema (or DATABASE_SCHEMA) is required');
    expect(err).toContain('DATABASE_URL is required');
    expect(err).toContain('KAFKA_BROKERS is required with BUS=kafka');
  });

  it('wants exactly one of --id and --all for a replay', async () => {
    const env = { DATABASE_URL: 'postgres://x@127.0.0.1:1/x', DATABASE_SCHEMA: 'case_management' };
    expect((await run(['replay', '--group', 'g'], env)).err).toContain('exactly one of --id <message id> or --all');
    expect((await run(['replay', '--group', 'g', '--all', '--id', 'x'], env)).err).toContain('exactly one of');
  });

  it('refuses an unknown command or option', async () => {
    expect((await run(['purge'])).code).toBe(2);
    expect((await run(['list', '--force'])).code).toBe(2);
  });
});
