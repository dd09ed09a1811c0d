import type { Decider } from '@lead/event-store/decider';
import type {
  ComparisonCountCell,
  ComparisonSurvivalCell,
  JusticeComparisonCounted,
  JusticeComparisonEvent,
} from './justice-comparison.events.js';

/** Cells per event: a part of a few hundred cells is a message of some tens of kilobytes. */
export const CELLS_PER_PART = 500;

/** An import's comparison cohort, counted. */
export interface CountComparison {
  type: 'CountComparison';
  comparisonId: string;
  importId: string;
  jurisdiction: string;
  coveredThrough: string;
  counts: ComparisonCountCell[];
  survival: ComparisonSurvivalCell[];
  at: string;
}

export type JusticeComparisonState = { status: 'none' } | { status: 'counted'; importId: string };

/**
 * The comparison counts of one file (the comparison id derives from the jurisdiction, the day covered and the
 * file's digest): counted once, so the same file sent again, or an import re-run after a crash, counts nothing twice.
 */
function countComparison(command: CountComparison, state: JusticeComparisonState): JusticeComparisonEvent[] {
  if (state.status === 'counted') return [];
  const cells = [
    ...command.counts.map((cell) => ({ count: cell })),
    ...command.survival.map((cell) => ({ survival: cell })),
  ];
  const parts = Math.max(1, Math.ceil(cells.length / CELLS_PER_PART));
  const events: JusticeComparisonCounted[] = [];
  for (let part = 0; part < parts; part++) {
    const slice = cells.slice(part * CELLS_PER_PART, (part + 1) * CELLS_PER_PART);
    events.push({
      type: 'JusticeComparisonCounted',
      comparisonId: command.comparisonId,
      importId: command.importId,
      jurisdiction: command.jurisdiction,
      coveredThrough: command.coveredThrough,
      part: part + 1,
      parts,
      counts: slice.flatMap((cell) => ('count' in cell ? [cell.count] : [])),
      survival: slice.flatMap((cell) => ('survival' in cell ? [cell.survival] : [])),
      countedAt: command.at,
    });
  }
  return events;
}

export const justiceComparisonDecider: Decider<CountComparison, JusticeComparisonState, JusticeComparisonEvent> = {
  initialState: { status: 'none' },
  decide(command, state) {
    switch (command.type) {
      case 'CountComparison':
        return countComparison(command, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'JusticeComparisonCounted':
        return state.status === 'counted' ? state : { status: 'counted', importId: event.importId };
    }
  },
};
