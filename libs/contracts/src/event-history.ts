import type { ContractData, EventContract } from './event-contract.js';
import type { PublishedTopic } from './topics.js';

/** Turns one version's data into the next version's. Pure: no clock, no I/O, no lookups. */
export type Upcaster<From, To> = (data: From) => To;

type Versions = readonly [EventContract, ...EventContract[]];

/** For versions [v1, v2, v3]: [v1 → v2, v2 → v3], each typed by the data of the versions it joins. */
export type UpcasterChain<V extends readonly EventContract[]> = V extends readonly [
  infer From extends EventContract,
  infer To extends EventContract,
  ...infer Rest extends readonly EventContract[],
]
  ? [Upcaster<ContractData<From>, ContractData<To>>, ...UpcasterChain<readonly [To, ...Rest]>]
  : [];

type Last<V extends readonly unknown[]> = V extends readonly [...unknown[], infer L] ? L : V[number];

/**
 * Every published version of one event type, oldest first, and the upcasters between neighbours.
 * Versions live side by side so old events stay readable; a consumer upcasts what it reads to
 * `latest` and handles one shape only.
 */
export interface EventHistory<V extends Versions = Versions> {
  readonly type: V[0]['type'];
  readonly topic: PublishedTopic;
  readonly versions: V;
  readonly latest: Last<V>;
  /** `upcasters[i]` turns the data of version i + 1 into the data of version i + 2. */
  readonly upcasters: ReadonlyArray<Upcaster<never, unknown>>;
}

/**
 * Declares an event type's history. The compiler checks that one upcaster joins each pair of
 * neighbouring versions with the right types; this checks what it cannot: one type, one topic,
 * versions numbered 1, 2, 3 … without gaps.
 */
export function eventHistory<const V extends Versions>(versions: V, ...upcasters: UpcasterChain<V>): EventHistory<V> {
  const [first] = versions;
  versions.forEach((contract, index) => {
    if (contract.type !== first.type) {
      throw new Error(`event history of ${first.type} lists a version of ${contract.type}`);
    }
    if (contract.topic !== first.topic) {
      throw new Error(
        `${first.type} v${contract.version} moves to ${contract.topic}; every version stays on ${first.topic}`,
      );
    }
    if (contract.version !== index + 1) {
      throw new Error(
        `${first.type}: versions must be 1, 2, 3 … in order; position ${index + 1} holds v${contract.version}`,
      );
    }
  });
  if (upcasters.length !== versions.length - 1) {
    throw new Error(
      `${first.type}: ${versions.length} versions need ${versions.length - 1} upcasters, got ${upcasters.length}`,
    );
  }
  return {
    type: first.type,
    topic: first.topic,
    versions,
    latest: versions[versions.length - 1] as Last<V>,
    upcasters: upcasters as ReadonlyArray<Upcaster<never, unknown>>,
  };
}
