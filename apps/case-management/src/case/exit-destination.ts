import { DomainRuleViolation } from '@lead/event-store/decider';
import type { ExitReason } from './case-vocabulary.js';

/**
 * HUD HMIS 3.12 Destination (FY2024+ codes), as far as case management records it at exit. Where the exit reason
 * settles the destination (deceased, incarcerated) the reason fixes it; otherwise the case manager names it, and
 * `30` (no exit interview completed) stands when they could not ask.
 */
export const HMIS_DESTINATIONS = {
  '116': 'Place not meant for habitation',
  '101': 'Emergency shelter',
  '118': 'Safe Haven',
  '204': 'Psychiatric hospital or other psychiatric facility',
  '205': 'Substance abuse treatment facility or detox center',
  '206': 'Hospital or other residential non-psychiatric medical facility',
  '207': 'Jail, prison, or juvenile detention facility',
  '225': 'Long-term care facility or nursing home',
  '302': 'Transitional housing for homeless persons',
  '312': 'Staying or living with family, temporary tenure',
  '313': 'Staying or living with friends, temporary tenure',
  '314': 'Hotel or motel paid for without emergency shelter voucher',
  '327': 'Moved from one HOPWA funded project to HOPWA TH',
  '332': 'Host Home (non-crisis)',
  '410': 'Rental by client, no ongoing housing subsidy',
  '421': 'Owned by client, with ongoing housing subsidy',
  '411': 'Owned by client, no ongoing housing subsidy',
  '422': 'Staying or living with family, permanent tenure',
  '423': 'Staying or living with friends, permanent tenure',
  '426': 'Moved from one HOPWA funded project to HOPWA PH',
  '435': 'Rental by client, with ongoing housing subsidy',
  '24': 'Deceased',
  '17': 'Other',
  '30': 'No exit interview completed',
  '8': "Client doesn't know",
  '9': 'Client prefers not to answer',
  '99': 'Data not collected',
} as const;
export type HmisDestination = keyof typeof HMIS_DESTINATIONS;
export const HMIS_DESTINATION_CODES = Object.keys(HMIS_DESTINATIONS) as HmisDestination[];

/** The destinations an exit reason fixes; the other reasons take the case manager's answer. */
const FIXED: Partial<Record<ExitReason, HmisDestination>> = { deceased: '24', incarcerated: '207' };

/**
 * The HMIS 3.12 destination of an exit: the one the reason fixes, else the one given, else "no exit interview".
 * A destination that contradicts the reason (a deceased participant "moved into a rental") is refused.
 */
export function exitDestination(reason: ExitReason, given: HmisDestination | undefined): HmisDestination {
  const fixed = FIXED[reason];
  if (fixed !== undefined && given !== undefined && given !== fixed) {
    throw new DomainRuleViolation(
      'destination_contradicts_reason',
      `An exit for ${reason} has destination ${fixed} (${HMIS_DESTINATIONS[fixed]}).`,
      { field: 'destination', expected: fixed },
    );
  }
  return fixed ?? given ?? '30';
}
