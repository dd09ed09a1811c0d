#!/usr/bin/env node
// Secrets for docker-compose.yml, whose services run with NODE_ENV=production and so refuse the committed
// development keys (config/dev-keys). Needs only Node: no npm install, no build.
//
//   node infra/generate-secrets.mjs [--out .env] [--force]
//       writes a fresh .env (mode 0600) with random keys in the format each setting checks, and an ES256 key pair for
//       bearer tokens: the public half goes to .env (AUTH_PUBLIC_KEY), the private half to
//       .local/secrets/token-signing-key.pem, standing in for an identity provider. Refuses to overwrite an existing
//       .env unless --force, and then keeps the old one as .env.replaced-<time>: the keys in it may be the only way to
//       read data already written (see the file's header).
//   node infra/generate-secrets.mjs token --role <role> --agency <code> --jurisdiction <id> [--subject <sub>]
//       [--lifetime <seconds>] [--env .env]
//       prints a bearer token signed with that private key, with .env's issuer and audience, for trying requests
//       against the compose services (`npm run token` signs with the development key, which they refuse).
//
// docker compose reads .env from the project directory; compose refuses to start while a required variable is
// missing (`${VAR:?…}` in docker-compose.yml). To use a real identity provider, set AUTH_ISSUER and AUTH_JWKS_URL
// (or its AUTH_PUBLIC_KEY) and drop the generated AUTH_PUBLIC_KEY.
import { createPrivateKey, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIGNING_KEY_FILE = path.join(ROOT, '.local', 'secrets', 'token-signing-key.pem');
const ISSUER = 'urn:lead:docker-compose';
const AUDIENCE = 'lead-backend';

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'token') process.stdout.write(`${token(rest)}\n`);
  else generate(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

function generate(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string', default: '.env' }, force: { type: 'boolean', default: false } },
  });
  const out = path.resolve(ROOT, values.out);
  if (existsSync(out) && !values.force) {
    throw new Error(
      `${path.relative(ROOT, out)} exists; not overwritten. Its keys may be the only way to read data already stored ` +
        `(participant identities, matching). Pass --force to replace it (the old file is kept beside it).`,
    );
  }

  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).trim();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const key32 = () => randomBytes(32).toString('base64');
  const today = new Date().toISOString().slice(0, 10);
  const settings = [
    ['# PostgreSQL password of the `lead` role; read by the postgres image only when its volume is first created.'],
    ['POSTGRES_PASSWORD', randomBytes(24).toString('hex')],
    [
      '# Bearer tokens: the issuer (`iss`) and audience (`aud`) every token must carry, and the key that verifies them.',
    ],
    ['# With an identity provider: its issuer, and AUTH_JWKS_URL=https://… instead of AUTH_PUBLIC_KEY.'],
    ['AUTH_ISSUER', ISSUER],
    ['AUTH_AUDIENCE', AUDIENCE],
    ['AUTH_PUBLIC_KEY', publicPem.replace(/\n/g, '\\n')],
    ['# HMAC key of the pseudonyms evaluators see; changing it changes every pseudonym.'],
    ['DEIDENTIFICATION_KEY', key32()],
    ['# AES-256 master key wrapping each participant’s data key. Lose it and every sealed identity is unreadable.'],
    ['DATA_KEY_MASTER_KEY', key32()],
    ['DATA_KEY_MASTER_KEY_ID', `generated-${today}`],
    ['# Referrals: secret of the blind index that matches a second referral of a person to the first.'],
    ['# Changing it makes every later referral of a known person register a new participant.'],
    ['PARTICIPANT_MATCHING_KEY', key32()],
    ['# Every service: the bearer token a Prometheus scraper sends for /metrics (without it, /metrics is off).'],
    ['METRICS_TOKEN', randomBytes(32).toString('hex')],
  ];
  const text = [
    `# Secrets for docker-compose.yml, written by infra/generate-secrets.mjs on ${today}. Git-ignored: never commit it.`,
    '# Back it up with the same care as the database, and apart from it.',
    ...settings.map(([name, value]) => (value === undefined ? name : `${name}='${value}'`)),
    '',
  ].join('\n');

  if (existsSync(out)) {
    const kept = `${out}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(out, kept);
    process.stderr.write(`kept the previous file as ${path.relative(ROOT, kept)}\n`);
  }
  writeFileSync(out, text, { mode: 0o600 });
  chmodSync(out, 0o600);
  mkdirSync(path.dirname(SIGNING_KEY_FILE), { recursive: true, mode: 0o700 });
  writeFileSync(SIGNING_KEY_FILE, privatePem, { mode: 0o600 });
  chmodSync(SIGNING_KEY_FILE, 0o600);
  process.stdout.write(
    `wrote ${path.relative(ROOT, out)} and ${path.relative(ROOT, SIGNING_KEY_FILE)} (token signing key, stands in for an identity provider)\n` +
      `next: docker compose up --build; a token: node infra/generate-secrets.mjs token --role officer --agency DPD --jurisdiction denver\n`,
  );
}

/** An ES256 JWT with the claims the services require, signed with the generated key (node:crypto only). */
function token(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string', multiple: true },
      agency: { type: 'string' },
      jurisdiction: { type: 'string', multiple: true },
      subject: { type: 'string' },
      lifetime: { type: 'string', default: '900' },
      env: { type: 'string', default: '.env' },
    },
  });
  if (!values.role?.length || !values.agency || !values.jurisdiction?.length) {
    throw new Error(
      'usage: node infra/generate-secrets.mjs token --role <role> --agency <code> --jurisdiction <id> [--subject <sub>] [--lifetime <seconds>] [--env .env]',
    );
  }
  const env = readEnvFile(path.resolve(ROOT, values.env));
  if (!existsSync(SIGNING_KEY_FILE))
    throw new Error(`no ${path.relative(ROOT, SIGNING_KEY_FILE)}: run node infra/generate-secrets.mjs first`);
  const now = Math.floor(Date.now() / 1000);
  const lifetime = Number(values.lifetime);
  if (!Number.isInteger(lifetime) || lifetime < 1) throw new Error('--lifetime must be a positive number of seconds');
  const claims = {
    iss: env.AUTH_ISSUER ?? ISSUER,
    aud: env.AUTH_AUDIENCE ?? AUDIENCE,
    sub: values.subject ?? `${values.role[0]}-compose`,
    agency: values.agency,
    roles: values.role,
    jurisdictions: values.jurisdiction,
    iat: now,
    exp: now + lifetime,
    jti: randomUUID(),
  };
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'ES256', typ: 'JWT' })}.${encode(claims)}`;
  const key = createPrivateKey(readFileSync(SIGNING_KEY_FILE));
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** `NAME='value'` / `NAME="value"` / `NAME=value` lines, as this script writes them; comments and blanks skipped. */
function readEnvFile(file) {
  if (!existsSync(file)) throw new Error(`no ${path.relative(ROOT, file)}: run node infra/generate-secrets.mjs first`);
  const env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    env[match[1]] = match[2].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return env;
}
