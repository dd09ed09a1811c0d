import { callService, DENVER_TEST_AGENCIES, startServiceApp, type Answer, type ServiceApp } from '@lead/testing';
import { ReferralsModule } from '../src/referrals.module.js';

/** The agency each role's test tokens act for (Denver's, from config/jurisdictions/denver). */
export const AGENCY_OF = DENVER_TEST_AGENCIES;

export type { Answer };

export interface ReferralsApp extends ServiceApp {
  eventStoreSchema: string;
}

/** The real ReferralsModule on the platform, on a random port, in schemas of its own. */
export async function startReferralsApp(extraEnv: Record<string, string> = {}): Promise<ReferralsApp> {
  const service = await startServiceApp(ReferralsModule, { label: 'referrals', env: extraEnv });
  return Object.assign(service, { eventStoreSchema: service.env.EVENT_STORE_SCHEMA });
}

export function call(
  app: ReferralsApp,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return callService(app.url, method, path, token, body, headers);
}

export const noScreeningConcerns = {
  drugQuantity: { form: 'powder', grams: 1 },
  deliveryForProfit: false,
  exploitingMinors: false,
  promotingProstitution: false,
  violentHistory: [],
  activeProtectiveOrder: false,
  pendingTreatmentCourtCase: false,
  amenable: true,
};

export function denverArrestDiversion(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    door: 'arrest_diversion',
    jurisdiction: 'denver',
    district: '6',
    referredAt: '2025-03-04T21:15:00.000Z',
    area: 'D6-CAPITOL-HILL',
    offense: {
      code: 'CO-18-18-403.5',
      probableCause: 'Observed holding a baggie of white powder outside 1400 Pennsylvania St',
    },
    person: {
      givenName: 'Marisol',
      familyName: "O'Connor-Vega",
      dateOfBirth: '1986-09-17',
      address: '1400 Pennsylvania St, Denver',
      phone: '720-555-0142',
    },
    screening: noScreeningConcerns,
    ...over,
  };
}
