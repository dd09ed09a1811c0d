import type { Role, RouteKey } from '@lead/access';
import type { TestReferralOptions } from '@lead/testing';
import { acceptedReferral, call, type CaseManagementApp } from './case-management-app.js';

export const DENVER = 'denver';
export const SAN_LUIS_VALLEY = 'san-luis-valley';
export type Jurisdiction = typeof DENVER | typeof SAN_LUIS_VALLEY;

/** Who acts for each role in each jurisdiction (config/jurisdictions): the provider is ARTS in Denver, CRP in SLV. */
export const AGENCIES: Record<Jurisdiction, Record<Role, string>> = {
  [DENVER]: {
    officer: 'DPD',
    case_manager: 'ARTS',
    supervisor: 'ARTS',
    prosecutor: 'DDA',
    program_admin: 'OBHS',
    evaluator: 'EVAL-U',
    auditor: 'AUDIT',
    integrator: 'DATA-WH',
  },
  [SAN_LUIS_VALLEY]: {
    officer: 'APD',
    case_manager: 'CRP',
    supervisor: 'CRP',
    prosecutor: 'DA12',
    program_admin: 'OBHS',
    evaluator: 'EVAL-U',
    auditor: 'AUDIT',
    integrator: 'DATA-WH',
  },
};

/** The staff id of a role's test caller in a jurisdiction: the case manager the fixtures assign cases to. */
export const staffOf = (role: Role, jurisdiction: Jurisdiction) => `${role}-${jurisdiction}`;

/** Each jurisdiction's referral as its referrals service publishes it (SLV's provider, CRP, by the program's rule). */
const REFERRALS: Record<Jurisdiction, TestReferralOptions & { handOffAgency?: string }> = {
  [DENVER]: { handOffAgency: 'ARTS' },
  [SAN_LUIS_VALLEY]: {
    jurisdiction: SAN_LUIS_VALLEY,
    district: 'alamosa',
    protocolVersion: '2019-01',
    referrer: { subject: 'officer-3', agency: 'APD' },
  },
};

export interface Person {
  name: string;
  dateOfBirth: string;
  phone: string;
}

/** The day of the service's clock, and an instant a few minutes before it (after the fixtures' referrals). */
export const dayOf = (app: CaseManagementApp) => app.clock.now().toISOString().slice(0, 10);
export const justBefore = (app: CaseManagementApp) => new Date(app.clock.now().getTime() - 5 * 60_000).toISOString();

export const intakeBody = (app: CaseManagementApp, person: Person) => ({
  completedOn: dayOf(app),
  place: 'Drop-in centre',
  identity: person,
  raceEthnicity: ['white'],
  sex: 'female',
});
export const consentBody = (app: CaseManagementApp, recipients: string[]) => ({
  recipients,
  scope: ['participation-status'],
  purpose: 'lead-diversion-coordination',
  signedAt: justBefore(app),
  expiresOn: 'participation-ended',
  rightToRevokeExplained: true,
});
export const GOAL = { domain: 'housing', wording: 'Get my ID back so I can apply for housing' };
export const CONNECTION = { serviceType: 'food', provider: 'Food bank' };
export const contactBody = (app: CaseManagementApp) => ({
  kind: 'phone',
  successful: true,
  contactedAt: justBefore(app),
});
export const EXIT = { reason: 'moved_away' };

/** A complete LEAD psychosocial intake (config/instruments/lead-psychosocial-intake/2026-01.json). */
export const ANSWERS = {
  'prior-living-situation': '116',
  'current-living-situation': '101',
  'income-from-any-source': '0',
  'non-cash-benefits': '1',
  'health-insurance': '1',
  'physical-disability': '0',
  'developmental-disability': '0',
  'chronic-health-condition': '1',
  'mental-health-disorder': '1',
  'substance-use-disorder': '2',
};
export const assessmentBody = (app: CaseManagementApp) => ({
  occasion: 'entry',
  completedOn: dayOf(app),
  answers: ANSWERS,
});

/** What a case has been through before the request under test; each step in this order. */
export interface CaseHistory {
  /** Assigned to the jurisdiction's test case manager (`staffOf('case_manager', …)`). */
  assigned?: boolean;
  intake?: Person;
  /** A consent to these recipients. */
  consent?: string[];
  goal?: boolean;
  connection?: boolean;
  exited?: boolean;
}

export interface PreparedCase {
  caseId: string;
  participantId: string;
  consentId?: string;
  goalId?: string;
  connectionId?: string;
}

/**
 * A case opened from an accepted referral in `jurisdiction` and worked, by its provider's supervisor, up to `history`.
 * Every step goes through the service's own routes, so a fixture that no longer holds fails here, loudly.
 */
export async function preparedCase(
  app: CaseManagementApp,
  jurisdiction: Jurisdiction,
  history: CaseHistory = {},
): Promise<PreparedCase> {
  const { caseId, participantId } = await acceptedReferral(app, REFERRALS[jurisdiction]);
  const supervisor = await app.token('supervisor', [jurisdiction], {
    agency: AGENCIES[jurisdiction].supervisor,
    subject: `fixture-supervisor-${jurisdiction}`,
  });
  const step = async (what: string, path: string, body: unknown, status: number) => {
    const answer = await call(app, 'POST', `/v1/cases/${caseId}${path}`, supervisor, body);
    if (answer.status !== status)
      throw new Error(
        `fixture ${what} on ${jurisdiction} case ${caseId}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    return answer.body.createdId as string | undefined;
  };
  const prepared: PreparedCase = { caseId, participantId };
  if (history.assigned)
    await step('assignment', '/case-manager', { caseManager: staffOf('case_manager', jurisdiction) }, 200);
  if (history.intake) await step('intake', '/intake', intakeBody(app, history.intake), 200);
  if (history.consent) prepared.consentId = await step('consent', '/consents', consentBody(app, history.consent), 201);
  if (history.goal) prepared.goalId = await step('goal', '/goals', GOAL, 201);
  if (history.connection) prepared.connectionId = await step('connection', '/service-connections', CONNECTION, 201);
  if (history.exited) await step('exit', '/exit', EXIT, 200);
  return prepared;
}

/** How one write route is called on a case that has been through `history` (in the jurisdiction asked for). */
export interface WriteRoute {
  history: (jurisdiction: Jurisdiction) => CaseHistory;
  path: (worked: PreparedCase) => string;
  /** A body the route accepts on such a case. */
  body: () => Record<string, unknown>;
  successStatus: number;
  /** The role whose call the route is for (the supervisor alone assigns; every other write is case work). */
  caller: 'case_manager' | 'supervisor';
}

/** Each jurisdiction's agencies a participant consented to tell their participation status. */
export const RECIPIENTS: Record<Jurisdiction, string[]> = {
  [DENVER]: ['DPD', 'DDA'],
  [SAN_LUIS_VALLEY]: ['APD', 'DA12'],
};

const assigned =
  (more: (jurisdiction: Jurisdiction) => CaseHistory = () => ({})) =>
  (jurisdiction: Jurisdiction): CaseHistory => ({ assigned: true, ...more(jurisdiction) });
const onCase = (suffix: string) => (worked: PreparedCase) => `/v1/cases/${worked.caseId}${suffix}`;

/**
 * Every write route of the service, on a case worked just far enough for its body to go through (a goal to revise,
 * a consent to revoke, an exit to re-enrol from) and assigned to the jurisdiction's test case manager. `person` is
 * the identity the intake records.
 */
export function writeRoutes(app: CaseManagementApp, person: Person, people: Record<Jurisdiction, Person>) {
  return {
    'POST /v1/cases/:caseId/case-manager': {
      history: () => ({}),
      path: onCase('/case-manager'),
      body: () => ({ caseManager: staffOf('case_manager', DENVER) }),
      successStatus: 200,
      caller: 'supervisor',
    },
    'POST /v1/cases/:caseId/intake': {
      history: assigned(),
      path: onCase('/intake'),
      body: () => intakeBody(app, person),
      successStatus: 200,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/consents': {
      history: assigned(),
      path: onCase('/consents'),
      body: () => consentBody(app, RECIPIENTS[DENVER]),
      successStatus: 201,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/consents/:consentId/revocation': {
      history: assigned((j) => ({ consent: RECIPIENTS[j] })),
      path: (worked) => `/v1/cases/${worked.caseId}/consents/${worked.consentId}/revocation`,
      body: () => ({ recipients: ['DDA'] }),
      successStatus: 200,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/assessments': {
      history: assigned((j) => ({ intake: people[j] })),
      path: onCase('/assessments'),
      body: () => assessmentBody(app),
      successStatus: 201,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/goals': {
      history: assigned(),
      path: onCase('/goals'),
      body: () => GOAL,
      successStatus: 201,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/goals/:goalId/revision': {
      history: assigned(() => ({ goal: true })),
      path: (worked) => `/v1/cases/${worked.caseId}/goals/${worked.goalId}/revision`,
      body: () => ({ domain: 'housing', wording: 'A room of my own by the spring' }),
      successStatus: 200,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/goals/:goalId/achievement': {
      history: assigned(() => ({ goal: true })),
      path: (worked) => `/v1/cases/${worked.caseId}/goals/${worked.goalId}/achievement`,
      body: () => ({}),
      successStatus: 200,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/goals/:goalId/set-aside': {
      history: assigned(() => ({ goal: true })),
      path: (worked) => `/v1/cases/${worked.caseId}/goals/${worked.goalId}/set-aside`,
      body: () => ({}),
      successStatus: 200,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/service-connections': {
      history: assigned(),
      path: onCase('/service-connections'),
      body: () => CONNECTION,
      successStatus: 201,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/service-connections/:connectionId/status': {
      history: assigned(() => ({ connection: true })),
      path: (worked) => `/v1/cases/${worked.caseId}/service-connections/${worked.connectionId}/status`,
      body: () => ({ status: 'got_help' }),
      successStatus: 200,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/contacts': {
      history: assigned(),
      path: onCase('/contacts'),
      body: () => contactBody(app),
      successStatus: 201,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/exit': {
      history: assigned(),
      path: onCase('/exit'),
      body: () => EXIT,
      successStatus: 200,
      caller: 'case_manager',
    },
    'POST /v1/cases/:caseId/reenrollment': {
      history: assigned(() => ({ exited: true })),
      path: onCase('/reenrollment'),
      body: () => ({}),
      successStatus: 200,
      caller: 'case_manager',
    },
  } satisfies Partial<Record<RouteKey, WriteRoute>>;
}
