import { AGENCY_ID, isJurisdictionId, STAFF_ID } from '@lead/contracts';
import { isProduction } from '@lead/crypto';
import { loadConfig, type Environment } from '@lead/platform';
import { parseArgs } from 'node:util';
import { TokenSigner } from '../authentication/token-signer.js';
import { isRole, ROLES } from '../roles.js';
import { AccessSettings } from '../settings/access-settings.js';

export const ISSUE_TOKEN_USAGE = `Issues a DEVELOPMENT bearer token, signed with config/dev-keys (refused when NODE_ENV=production).

  npm run --silent token -- --role <role> --agency <code> --jurisdiction <id> [options]

  --role <role>           ${ROLES.join(' | ')} (repeatable)
  --agency <code>         agency the caller acts for, e.g. DPD, DDA, WOW
  --jurisdiction <id>     jurisdiction the caller may see, e.g. denver (repeatable)
  --subject <sub>         token subject (default: <role>-dev)
  --lifetime <seconds>    at most AUTH_MAX_TOKEN_LIFETIME_SECONDS (default: that maximum)

Issuer and audience follow AUTH_ISSUER / AUTH_AUDIENCE, so the token matches a service started with the same environment.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the arguments and signs the token; the entry point prints it. */
export async function issueTokenCommand(argv: string[], env: Environment): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string', multiple: true },
      agency: { type: 'string' },
      jurisdiction: { type: 'string', multiple: true },
      subject: { type: 'string' },
      lifetime: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError(ISSUE_TOKEN_USAGE);
  const settings = loadConfig(AccessSettings, env, 'token CLI');
  if (isProduction(settings))
    throw new UsageError('Refused: development tokens are never issued with NODE_ENV=production.');

  const roles = values.role ?? [];
  const jurisdictions = values.jurisdiction ?? [];
  const problems: string[] = [];
  if (roles.length === 0) problems.push('--role is required');
  for (const role of roles) if (!isRole(role)) problems.push(`--role ${role} is not one of ${ROLES.join(', ')}`);
  if (!values.agency || !AGENCY_ID.test(values.agency))
    problems.push('--agency is required (letters, digits, . _ -, starting with a letter or digit)');
  if (values.subject !== undefined && !STAFF_ID.test(values.subject))
    problems.push('--subject must be an opaque staff id (letters, digits, . _ : -), never an e-mail address');
  if (jurisdictions.length === 0) problems.push('--jurisdiction is required');
  for (const jurisdiction of jurisdictions) {
    if (!isJurisdictionId(jurisdiction))
      problems.push(`--jurisdiction ${jurisdiction} must be lower-case words of letters and digits joined by -`);
  }
  const max = settings.AUTH_MAX_TOKEN_LIFETIME_SECONDS;
  const lifetime = values.lifetime === undefined ? max : Number(values.lifetime);
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > max)
    problems.push(`--lifetime must be 1 to ${max} seconds`);
  if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\n\n${ISSUE_TOKEN_USAGE}`);

  return TokenSigner.development().sign(
    { subject: values.subject ?? `${roles[0]}-dev`, agency: values.agency!, roles, jurisdictions },
    TokenSigner.optionsFor(settings, lifetime),
  );
}
