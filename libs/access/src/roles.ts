/**
 * The roles of the LEAD backend (DESIGN.md §6). A token names one or more; the access policy says
 * which role may run which command and read which view.
 */
export const ROLES = [
  'officer',
  'case_manager',
  // A provider's case-management supervisor: every case of their agency (assignment, caseload, cover).
  'supervisor',
  'prosecutor',
  'program_admin',
  'evaluator',
  'auditor',
  'integrator',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
