import { createHash, randomUUID } from 'node:crypto';
import {
  canonicalJson,
  deriveEventId,
  DuplicateEventId,
  StreamNotFound,
  WrongExpectedVersion,
  type Actor,
  type EventData,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '@lead/event-store';
import { protocolFile, type JurisdictionRegistry } from './jurisdiction-registry.js';
import type { Protocol } from './protocol.js';

export const PROTOCOL_VERSION_ADOPTED = 'ProtocolVersionAdopted';

/**
 * A jurisdiction's Policy Coordinating Group adopted a protocol version: the fact, as the config file states it,
 * with the whole protocol, so replaying history shows exactly the rules each referral was screened under.
 */
export interface ProtocolVersionAdopted {
  jurisdiction: string;
  version: string;
  effectiveFrom: string;
  /** The Policy Coordinating Group, as the file names it. */
  adoptedBy: string;
  /** The day it adopted the version, as the file states it (listed in `protocol.unpublished` when not published); null when the file does not say. */
  adoptedOn: string | null;
  /** The file it was read from, relative to the config folder: `jurisdictions/<jurisdiction>/<version>.json`. */
  file: string;
  /** sha256 (hex) of the protocol's canonical JSON (`canonicalJson(protocol)`): checkable from this event alone. */
  contentHash: string;
  protocol: Protocol;
}

/** One stream per jurisdiction, one `ProtocolVersionAdopted` per version, in the order the versions take effect. */
export function protocolStream(jurisdiction: string): string {
  return `protocol-${jurisdiction}`;
}

/** sha256 of the protocol as parsed, in canonical JSON: key order and the file's formatting do not count, `notes` is not part of it. */
export function protocolContentHash(protocol: Protocol): string {
  return createHash('sha256').update(canonicalJson(protocol), 'utf8').digest('hex');
}

/** The actor of what a service records on its own behalf (not on a person's request). */
export function systemActor(service: string): Actor {
  return { subject: `service:${service}`, agency: 'system', role: 'system' };
}

/**
 * The adoption event of one version. Its id is derived from the version and its content, so every instance that
 * starts with the same file appends the same event (a retry or a concurrent start is a no-op), and one that starts
 * with different content for that version collides instead of passing as the same fact.
 */
export function protocolVersionAdoptedEvent(
  protocol: Protocol,
  metadata: EventMetadata,
): EventData<ProtocolVersionAdopted> {
  const contentHash = protocolContentHash(protocol);
  return {
    eventId: deriveEventId(
      `${protocolStream(protocol.jurisdiction)}/${protocol.version}`,
      `${PROTOCOL_VERSION_ADOPTED}/${contentHash}`,
    ),
    type: PROTOCOL_VERSION_ADOPTED,
    schemaVersion: 1,
    data: {
      jurisdiction: protocol.jurisdiction,
      version: protocol.version,
      effectiveFrom: protocol.effectiveFrom,
      adoptedBy: protocol.adoptedBy,
      adoptedOn: protocol.adoptedOn ?? null,
      file: protocolFile(protocol.jurisdiction, protocol.version),
      contentHash,
      protocol,
    },
    metadata,
  };
}

export interface ProtocolAdoptionProblem {
  /** The file in the config folder (absolute when the registry was loaded from an absolute path). */
  file: string;
  jurisdiction: string;
  version: string;
  problem: string;
}

/**
 * The config folder contradicts the adoptions already recorded: an adopted version was edited or removed, or a new
 * version would take effect before one already adopted. Names every such file; nothing was recorded.
 */
export class ProtocolAdoptionRefused extends Error {
  override readonly name = 'ProtocolAdoptionRefused';
  constructor(readonly problems: ProtocolAdoptionProblem[]) {
    super(
      'Refusing to start: the jurisdiction configuration contradicts the protocol versions already adopted:\n' +
        problems.map((p) => `- ${p.file}: ${p.jurisdiction} version ${p.version} ${p.problem}`).join('\n') +
        '\nAn adopted protocol version is immutable: restore its file as adopted and put any change in a new version ' +
        'file that takes effect later (docs/jurisdictions.md).',
    );
  }
}

export interface RecordProtocolAdoptionsOptions {
  /** Who records: the starting service (`systemActor(serviceName)`). */
  actor: Actor;
  /** Ties together what one start recorded; a new id by default. */
  correlationId?: string;
  /** Appends tried per jurisdiction when concurrent starts keep moving the stream. Default 5. */
  maxAttempts?: number;
}

export interface ProtocolAdoption {
  jurisdiction: string;
  version: string;
  /** The event's revision in `protocol-<jurisdiction>`. */
  revision: number;
}

export interface ProtocolAdoptionsResult {
  /** Versions whose adoption this start appended (or found appended by a concurrent start with the same content). */
  adopted: ProtocolAdoption[];
  /** Versions whose adoption was recorded before, with the same content. */
  alreadyRecorded: number;
}

/**
 * Run when a service that screens starts: records the adoption of every protocol version in the registry that the
 * store has not recorded yet, oldest first, and checks every version recorded before against its file. Refuses
 * (`ProtocolAdoptionRefused`, before appending anything) when an adopted version's content changed or its file is
 * gone, or when a new version would take effect on or before the latest adopted one.
 */
export async function recordProtocolAdoptions(
  store: EventStore,
  registry: JurisdictionRegistry,
  options: RecordProtocolAdoptionsOptions,
): Promise<ProtocolAdoptionsResult> {
  const correlationId = options.correlationId ?? randomUUID();
  const maxAttempts = options.maxAttempts ?? 5;
  const jurisdictions = [...registry.jurisdictions()].sort();

  const plans = await Promise.all(jurisdictions.map((j) => planAdoptions(store, registry, j)));
  const problems = plans.flatMap((p) => p.problems);
  if (problems.length > 0) throw new ProtocolAdoptionRefused(problems);

  const result: ProtocolAdoptionsResult = { adopted: [], alreadyRecorded: 0 };
  for (let plan of plans) {
    for (let attempt = 1; ; attempt++) {
      if (plan.problems.length > 0) throw new ProtocolAdoptionRefused(plan.problems);
      if (plan.pending.length === 0) break;
      const metadata: EventMetadata = { correlationId, actor: options.actor, jurisdiction: plan.jurisdiction };
      const events = plan.pending.map((protocol) => protocolVersionAdoptedEvent(protocol, metadata));
      try {
        const { nextExpectedRevision } = await store.appendToStream(
          protocolStream(plan.jurisdiction),
          events,
          plan.lastRevision,
        );
        const first = nextExpectedRevision - events.length + 1;
        result.adopted.push(
          ...plan.pending.map((p, i) => ({ jurisdiction: p.jurisdiction, version: p.version, revision: first + i })),
        );
        break;
      } catch (error) {
        // Another instance recorded something in between: look again (its events may be these very ones).
        if (!(error instanceof WrongExpectedVersion || error instanceof DuplicateEventId) || attempt >= maxAttempts)
          throw error;
        plan = await planAdoptions(store, registry, plan.jurisdiction);
      }
    }
    result.alreadyRecorded += plan.alreadyRecorded;
  }
  return result;
}

interface AdoptionPlan {
  jurisdiction: string;
  /** The stream's last revision, what the append expects. */
  lastRevision: ExpectedRevision;
  alreadyRecorded: number;
  /** Versions not recorded yet, oldest first. */
  pending: Protocol[];
  problems: ProtocolAdoptionProblem[];
}

async function planAdoptions(
  store: EventStore,
  registry: JurisdictionRegistry,
  jurisdiction: string,
): Promise<AdoptionPlan> {
  const stream = protocolStream(jurisdiction);
  let events: RecordedEvent[] = [];
  try {
    events = await store.readStream(stream);
  } catch (error) {
    if (!(error instanceof StreamNotFound)) throw error;
  }
  const adoptions = events.filter(
    (e) => e.type === PROTOCOL_VERSION_ADOPTED,
  ) as RecordedEvent<ProtocolVersionAdopted>[];
  const problems: ProtocolAdoptionProblem[] = [];
  const problem = (version: string, text: string) =>
    problems.push({ file: registry.fileOf(jurisdiction, version), jurisdiction, version, problem: text });

  const recorded = new Map<string, RecordedEvent<ProtocolVersionAdopted>>();
  let latest: ProtocolVersionAdopted | undefined;
  for (const event of adoptions) {
    const adopted = event.data;
    if (recorded.has(adopted.version)) continue;
    recorded.set(adopted.version, event);
    if (!latest || adopted.effectiveFrom > latest.effectiveFrom) latest = adopted;
    const where = `was adopted (${stream} revision ${event.streamRevision}, recorded ${event.recordedAt.toISOString()})`;
    const current = registry.version(jurisdiction, adopted.version);
    if (!current) {
      problem(adopted.version, `${where} and its file is missing: an adopted version is never removed`);
      continue;
    }
    const hash = protocolContentHash(current);
    if (hash !== adopted.contentHash) {
      const changed = changedPaths(adopted.protocol, current);
      problem(
        adopted.version,
        `${where} and the file now reads differently: ${changed.length > 0 ? changed.join(', ') : 'its content'} changed ` +
          `(sha256 ${adopted.contentHash} adopted, ${hash} now)`,
      );
    }
  }

  const pending = registry.versionsOf(jurisdiction).filter((p) => !recorded.has(p.version));
  for (const p of pending) {
    if (latest && p.effectiveFrom <= latest.effectiveFrom) {
      problem(
        p.version,
        `is new but takes effect on ${p.effectiveFrom}, not after ${latest.version} (effective ${latest.effectiveFrom}), ` +
          'the latest adopted version: versions are adopted in the order they take effect',
      );
    }
  }
  return {
    jurisdiction,
    lastRevision: events.length > 0 ? events[events.length - 1].streamRevision : 'no_stream',
    alreadyRecorded: recorded.size,
    pending,
    problems,
  };
}

/** The JSON paths (as the files name settings) where two protocols differ; a list that changed length is named whole. */
function changedPaths(before: unknown, after: unknown, path = '', out: string[] = []): string[] {
  if (canonicalJson(before) === canonicalJson(after)) return out;
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObject(before) || !isObject(after) || Array.isArray(before) !== Array.isArray(after)) {
    out.push(path || '(root)');
  } else if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) out.push(path);
    else before.forEach((item, i) => changedPaths(item, after[i], `${path}[${i}]`, out));
  } else {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      changedPaths(before[key], after[key], path ? `${path}.${key}` : key, out);
    }
  }
  return out;
}
