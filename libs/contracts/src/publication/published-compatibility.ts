import { findBreakingChanges } from '../compatibility/breaking-changes.js';
import type { EventContract } from '../event-contract.js';
import type { PublishedSchema } from './published-schema.js';

/**
 * Holds the catalogue to what was published: every published version must still exist, on the
 * same topic, and accept every event the published schema accepted. One message per problem,
 * naming the type, the version and the field.
 */
export function incompatibilitiesWithPublished(
  published: readonly PublishedSchema[],
  catalogue: readonly EventContract[],
): string[] {
  const problems: string[] = [];
  for (const snapshot of published) {
    const label = `${snapshot.type} v${snapshot.version}`;
    const current = catalogue.find((c) => c.type === snapshot.type && c.version === snapshot.version);
    if (current === undefined) {
      problems.push(`${label}: published, but no longer in the catalogue (published versions are never withdrawn)`);
      continue;
    }
    if (current.topic !== snapshot.topic) {
      problems.push(`${label}: topic ${snapshot.topic} → ${current.topic} (consumers subscribe by topic)`);
    }
    for (const change of findBreakingChanges(snapshot.schema, current.schema)) {
      problems.push(`${label}: ${change.message} [${change.kind}]`);
    }
  }
  return problems;
}

/** Catalogue versions with no published file yet: `npm run contracts:publish` adds them. */
export function unpublishedContracts(
  published: readonly PublishedSchema[],
  catalogue: readonly EventContract[],
): EventContract[] {
  return catalogue.filter((c) => !published.some((p) => p.type === c.type && p.version === c.version));
}
