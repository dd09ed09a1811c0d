import type { EventStore } from '@lead/event-store';
import { EVENT_STORE, loadConfig } from '@lead/platform';
import { startTestService, type TestService } from '@lead/testing';
import { AccessModule } from '../../src/access.module.js';
import { AccessAuditController } from '../../src/audit/access-audit.controller.js';
import { TokenSigner } from '../../src/authentication/token-signer.js';
import type { AccessPolicy } from '../../src/policy/access-policy.js';
import type { Role } from '../../src/roles.js';
import { AccessSettings } from '../../src/settings/access-settings.js';
import { MeController } from './me.controller.js';
import { participantsAppPolicy } from './participants-app.policy.js';
import { ParticipantRecords } from './participant-records.js';
import { ParticipantsController } from './participants.controller.js';

/** The agency each role's test tokens act for. */
export const AGENCY_OF: Record<Role, string> = {
  officer: 'DPD',
  case_manager: 'WOW',
  supervisor: 'WOW',
  prosecutor: 'DDA',
  program_admin: 'LEAD-ADMIN',
  evaluator: 'EVAL-U',
  auditor: 'AUDIT',
  integrator: 'DATA-WH',
};

export interface ParticipantsApp {
  service: TestService;
  url: string;
  store: EventStore;
  records: ParticipantRecords;
  /** A development-key token for `role` in `jurisdictions` (agency from `AGENCY_OF` unless given). */
  token(role: Role, jurisdictions: string[], overrides?: { agency?: string; subject?: string }): Promise<string>;
  signer: TokenSigner;
  settings: AccessSettings;
  close(): Promise<void>;
}

/** The test-only participants app on the real platform and `AccessModule`, in schemas of its own. */
export async function startParticipantsApp(
  options: { env?: Record<string, string>; policy?: AccessPolicy; controllers?: Function[] } = {},
): Promise<ParticipantsApp> {
  const env = { LOG_LEVEL: 'warn', ...options.env };
  const service = await startTestService({
    imports: [AccessModule.forRoot({ policy: options.policy ?? participantsAppPolicy })],
    controllers: (options.controllers ?? [ParticipantsController, MeController, AccessAuditController]) as never[],
    providers: [ParticipantRecords],
    env,
  });
  const settings = loadConfig(AccessSettings, env);
  const signer = TokenSigner.development();
  return {
    service,
    url: service.url,
    store: service.app.get<EventStore>(EVENT_STORE),
    records: service.app.get(ParticipantRecords),
    signer,
    settings,
    token: (role, jurisdictions, overrides = {}) =>
      signer.sign(
        {
          subject: overrides.subject ?? `${role}-1`,
          agency: overrides.agency ?? AGENCY_OF[role],
          roles: [role],
          jurisdictions,
        },
        TokenSigner.optionsFor(settings),
      ),
    close: () => service.close(),
  };
}
