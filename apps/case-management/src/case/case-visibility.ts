import { notVisible, type AccessContext } from '@lead/access';
import { StreamNotFound } from '@lead/event-store';
import type { CaseState } from './case.decider.js';

export type OpenedCase = NonNullable<CaseState['opened']>;

/**
 * Who may reach a case through the case routes (else 404, exactly like a missing case):
 * - a case manager: the cases assigned to them (their caseload), in their jurisdictions;
 * - a supervisor: every case of their provider agency, in their jurisdictions;
 * The access policy has let only these roles through; police and prosecutors have the participation status alone.
 */
export function caseVisibleTo(caller: AccessContext, state: CaseState): OpenedCase {
  const opened = state.opened;
  if (!opened) throw new StreamNotFound('(no such case)');
  const { principal, role } = caller;
  if (!principal.jurisdictions.includes(opened.jurisdiction)) notVisible();
  switch (role) {
    case 'case_manager':
      if (opened.providerAgency !== principal.agency || state.caseManager?.subject !== principal.subject) notVisible();
      return opened;
    case 'supervisor':
      if (opened.providerAgency !== principal.agency) notVisible();
      return opened;
    default:
      return notVisible();
  }
}
