import type { Protocol, SubstanceForm } from '@lead/jurisdictions/protocol';

/**
 * What the officer records at screening: facts and the officer's own judgement of amenability,
 * never free text. Criminal history arrives as categories and how long ago, not as records.
 */
export interface ScreeningAnswers {
  ageAtReferral: number;
  /** The largest quantity found, if any. */
  drugQuantity: { form: SubstanceForm; grams: number } | null;
  deliveryForProfit: boolean;
  exploitingMinors: boolean;
  promotingProstitution: boolean;
  violentHistory: Array<{ category: string; yearsAgo: number }>;
  activeProtectiveOrder: boolean;
  pendingTreatmentCourtCase: boolean;
  amenable: boolean;
}

export type CriterionId =
  | 'divertible_offense'
  | 'drug_quantity'
  | 'delivery_for_profit'
  | 'exploiting_minors'
  | 'promoting_prostitution'
  | 'minimum_age'
  | 'violent_history'
  | 'active_protective_order'
  | 'pending_treatment_court_case'
  | 'amenability';

/** One criterion as applied: `not_applied` when this protocol version does not use it. */
export interface CriterionOutcome {
  criterion: CriterionId;
  outcome: 'pass' | 'exclude' | 'not_applied';
}

export interface ScreeningResult {
  protocolVersion: string;
  eligible: boolean;
  criteria: CriterionOutcome[];
}

/**
 * Applies one protocol version to one set of answers. Every criterion is recorded, including the
 * ones that passed and the ones the version does not apply, so an evaluator can see why.
 */
export function screen(protocol: Protocol, answers: ScreeningAnswers, offenseCode: string | null): ScreeningResult {
  const e = protocol.exclusions;
  const outcome = (criterion: CriterionId, applied: boolean, excluded: boolean): CriterionOutcome => ({
    criterion,
    outcome: !applied ? 'not_applied' : excluded ? 'exclude' : 'pass',
  });
  const threshold = answers.drugQuantity ? e.drugQuantityGrams[answers.drugQuantity.form] : undefined;
  const criteria: CriterionOutcome[] = [
    outcome(
      'divertible_offense',
      offenseCode !== null,
      offenseCode !== null && !protocol.divertibleOffenses.includes(offenseCode),
    ),
    outcome(
      'drug_quantity',
      Object.keys(e.drugQuantityGrams).length > 0,
      threshold !== undefined && answers.drugQuantity!.grams > threshold,
    ),
    outcome('delivery_for_profit', e.deliveryForProfit, answers.deliveryForProfit),
    outcome('exploiting_minors', e.exploitingMinors, answers.exploitingMinors),
    outcome('promoting_prostitution', e.promotingProstitution, answers.promotingProstitution),
    outcome('minimum_age', true, answers.ageAtReferral < e.minimumAge),
    outcome(
      'violent_history',
      e.violentHistory !== null,
      e.violentHistory !== null &&
        answers.violentHistory.some(
          (h) =>
            e.violentHistory!.offenseCategories.includes(h.category) && h.yearsAgo <= e.violentHistory!.lookBackYears,
        ),
    ),
    outcome('active_protective_order', e.activeProtectiveOrder, answers.activeProtectiveOrder),
    outcome('pending_treatment_court_case', e.pendingTreatmentCourtCase, answers.pendingTreatmentCourtCase),
    outcome('amenability', e.amenabilityRequired, !answers.amenable),
  ];
  return { protocolVersion: protocol.version, eligible: criteria.every((c) => c.outcome !== 'exclude'), criteria };
}
