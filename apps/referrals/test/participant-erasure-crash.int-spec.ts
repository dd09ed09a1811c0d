import { DataKeyStore } from '@lead/crypto';
import { eventually } from '@lead/testing';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParticipantErasure, type ErasureStep } from '../src/participant/erase-participant/participant-erasure.js';
import { ParticipantRegistration } from '../src/participant/register-participant/participant-registration.js';
import { derivableHandles, findHandles, schemasOf, type Person } from './erasure-scan.js';
import { call, denverArrestDiversion, startReferralsApp, type ReferralsApp } from './referrals-app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = path.join(ROOT, 'apps', 'referrals', 'dist', 'cli', 'erase-participant.js');

/** The "crash": the process dies right after a step was stored; nothing after it happens. */
class Crash extends Error {}

/**
 * An erasure cut off between any two of its writes (a step failing after the previous one was stored, and the CLI
 * SIGKILLed as it reports a step) never leaves the blind index naming a record whose key is shredded (the state in
 * which every referral of the person failed), and running the erasure again completes it.
 */
describe('erasure of a participant, cut off and run again', () => {
  let app: ReferralsApp;
  let officer: string;
  let people = 0;

  beforeAll(async () => {
    // The CLI runs compiled, as an operator runs it (CI has built it; a local run may not have). Built before the
    // service starts: the build blocks this process, the in-process service's connections included.
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'apps/referrals/tsconfig.app.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    app = await startReferralsApp();
    officer = await app.token('officer', ['denver']);
  });
  afterAll(async () => {
    await app?.close();
  });

  const newPerson = (): Person => ({
    givenName: 'Crash',
    familyName: `Erasure${String.fromCharCode(97 + (people % 26))}${String.fromCharCode(97 + Math.floor(people++ / 26))}`,
    dateOfBirth: '1984-05-05',
  });
  const referred = async (person: Person) => {
    const answer = await call(app, 'POST', '/v1/referrals', officer, denverArrestDiversion({ person }));
    expect(answer.status).toBe(201);
    return answer.body.participantId as string;
  };
  const handlesOf = (person: Person) => derivableHandles(app.app.get(ParticipantRegistration), 'denver', person);

  /** Whether the blind index still names the person, and whether their data key is still live. */
  const stateOf = async (person: Person, participantId: string) => ({
    indexed: (await findHandles(app.db, [app.env.EVENT_STORE_SCHEMA], handlesOf(person))).length > 0,
    keyLive: (await app.app.get(DataKeyStore).lookup(participantId)).state === 'active',
  });

  /** Erased for good: no handle of the person anywhere, the key shredded, the erasure recorded as done. */
  const expectErased = async (person: Person, participantId: string) => {
    expect(await findHandles(app.db, schemasOf(app.env), handlesOf(person))).toEqual([]);
    expect((await app.app.get(DataKeyStore).lookup(participantId)).state).toBe('shredded');
    const types = (await app.store.readStream(`participant-${participantId}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'ParticipantErased')).toHaveLength(1);
    expect(types.filter((t) => t === 'ParticipantErasureBegun')).toHaveLength(1);
    // A referral of the person now is a new participant.
    expect(await referred(person)).not.toBe(participantId);
  };

  const steps: ErasureStep[] = ['begun', 'index-purged', 'keys-shredded', 'completed'];

  it.each(steps)(
    'cut off right after "%s": never indexed with a shredded key, and completed by a second run',
    async (step) => {
      const person = newPerson();
      const participantId = await referred(person);
      const erasure = app.app.get(ParticipantErasure);
      const request = {
        participantId,
        reasonCode: 'court_order',
        actor: { subject: 'admin-crash', agency: 'OBHS', role: 'program_admin' },
        correlationId: 'crash-test',
      };
      await expect(
        erasure.erase({
          ...request,
          after: (reached) => {
            if (reached === step) throw new Crash(step);
          },
        }),
      ).rejects.toBeInstanceOf(Crash);
      const cutOff = await stateOf(person, participantId);
      // The index goes before the key: never a claim naming a record whose data is gone.
      expect(cutOff.indexed && !cutOff.keyLive).toBe(false);
      expect(cutOff).toEqual(
        step === 'begun'
          ? { indexed: true, keyLive: true }
          : step === 'index-purged'
            ? { indexed: false, keyLive: true }
            : { indexed: false, keyLive: false },
      );
      const again = await erasure.erase(request);
      expect(again).toMatchObject({ participants: [participantId], alreadyErased: step === 'completed' });
      await expectErased(person, participantId);
    },
  );

  it('the CLI SIGKILLed as it reports each step, then run again, leaves the person erased', async () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...app.env,
      NODE_OPTIONS: '',
      LOG_LEVEL: 'error',
    };
    delete env.NODE_ENV;
    const args = (participantId: string) => [
      CLI,
      '--participant',
      participantId,
      '--jurisdiction',
      'denver',
      '--reason',
      'court_order',
      '--operator',
      'admin-cli',
      '--agency',
      'OBHS',
    ];
    /** Runs the CLI; with `killAt`, SIGKILLs it as soon as it reports that step. */
    const run = (participantId: string, killAt?: ErasureStep) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, args(participantId), {
          cwd: ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (killAt && out.includes(`step: ${killAt}\n`)) child.kill('SIGKILL');
        });
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code, signal) => resolve({ code, signal, out }));
      });

    for (const killAt of steps) {
      const person = newPerson();
      const participantId = await referred(person);
      const killed = await run(participantId, killAt);
      expect({ killAt, signal: killed.signal, out: killed.out }).toMatchObject({ killAt, signal: 'SIGKILL' });
      const cutOff = await stateOf(person, participantId);
      expect({ killAt, ...cutOff, broken: cutOff.indexed && !cutOff.keyLive }).toMatchObject({ broken: false });
      const completed = await run(participantId);
      expect({ killAt, code: completed.code, out: completed.out }).toMatchObject({ code: 0 });
      expect(JSON.parse(completed.out.trim().split('\n').pop()!)).toMatchObject({ participants: [participantId] });
      await expectErased(person, participantId);
    }
    // Every chain still verifies after the kills (waited for: the relay appends to the topic's stream meanwhile).
    await eventually(
      () => app.store.verifyAll(),
      (result) => result.ok,
      'every hash chain to verify',
    );
  }, 180_000);
});
