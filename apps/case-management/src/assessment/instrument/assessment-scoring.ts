import type { Instrument } from './instrument.js';

/** Item id → the code of the option chosen. An optional item left unanswered is simply absent. */
export type AssessmentAnswers = Readonly<Record<string, string>>;

export interface DomainScore {
  score: number;
  /** The band the score falls in; absent when the domain has no bands or the score is below the first. */
  band?: string;
}

export type AnswerProblemCode = 'required' | 'unknown_item' | 'not_an_option';

export interface AnswerProblem {
  item: string;
  code: AnswerProblemCode;
  message: string;
}

export type AssessmentScoring =
  { ok: true; scores: Record<string, DomainScore> } | { ok: false; problems: AnswerProblem[] };

/**
 * Checks a completed assessment against the instrument version it was taken under and tallies each scored
 * domain. Every problem is reported at once, so a case manager fixes the form in one pass; nothing is scored
 * while any remain.
 */
export function scoreAssessment(instrument: Instrument, answers: AssessmentAnswers): AssessmentScoring {
  const problems: AnswerProblem[] = [];
  const items = new Map(instrument.items.map((item) => [item.id, item]));
  for (const [itemId, code] of Object.entries(answers)) {
    const item = items.get(itemId);
    if (!item) {
      problems.push({
        item: itemId,
        code: 'unknown_item',
        message: `"${itemId}" is not an item of ${label(instrument)}`,
      });
      continue;
    }
    const options = instrument.answerSets[item.answerSet] ?? [];
    if (!options.some((option) => option.code === code))
      problems.push({
        item: itemId,
        code: 'not_an_option',
        message: `${JSON.stringify(code)} is not an answer to "${itemId}" (one of ${options.map((o) => o.code).join(', ')})`,
      });
  }
  for (const item of instrument.items) {
    if (item.required && !Object.hasOwn(answers, item.id))
      problems.push({ item: item.id, code: 'required', message: `"${item.id}" must be answered` });
  }
  if (problems.length > 0) return { ok: false, problems };

  const scores: Record<string, DomainScore> = {};
  for (const domain of instrument.scoring) {
    let score = 0;
    for (const [itemId, points] of Object.entries(domain.items)) {
      const code = Object.hasOwn(answers, itemId) ? answers[itemId] : undefined;
      if (code !== undefined && Object.hasOwn(points, code)) score += points[code];
    }
    const band = domain.bands.findLast((b) => score >= b.from);
    scores[domain.domain] = band ? { score, band: band.id } : { score };
  }
  return { ok: true, scores };
}

function label(instrument: Instrument): string {
  return `${instrument.id} ${instrument.version}`;
}
