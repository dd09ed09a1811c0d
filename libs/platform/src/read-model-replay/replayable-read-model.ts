import type { DataSource } from 'typeorm';
import type { ReadModelDefinition } from '../database/read-model-data-source.js';
import type { Projector } from '../lifecycle/projection-worker.js';

/**
 * A read model as its service projects it, named for `lead-audit replay|diff`: the service hands over the very
 * definition, projector and stream prefixes its projection worker runs, so the rebuild is what the service runs.
 */
export interface ReplayableReadModel {
  /** The name an auditor types, e.g. `referral-summaries`. */
  name: string;
  /** The tables (their migrations) and the entities the projector writes through. */
  definition: ReadModelDefinition;
  /** The service's projector, on a data source of the schema it is to fill. */
  projector: (dataSource: DataSource) => Projector;
  /** The streams the service's projection follows. */
  streamPrefixes: readonly string[];
  /** The live projection's checkpoint id in the service's schema (the worker's own). */
  checkpointId: (schema: string) => string;
}
