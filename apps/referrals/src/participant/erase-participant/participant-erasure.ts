import { Inject, Injectable } from '@nestjs/common';
import { DataKeyStore } from '@lead/crypto';
import { StreamNotFound, type Actor, type EventMetadata, type EventStore, type StreamPurge } from '@lead/event-store';
import { EVENT_STORE } from '@lead/platform';
import { randomUUID } from 'node:crypto';
import { MATCH_KEY_STREAM_PREFIX, matchKeyStream } from '../participant-match-key.js';
import type { ParticipantMatchKeyClaimed } from '../participant-match-key.events.js';
import { erasureOf, mergedIntoOf, type ErasureState, type ParticipantState } from '../participant.decider.js';
import type { ParticipantEvent } from '../participant.events.js';
import { mergeLogStream, ParticipantMergeLogRepository } from '../participant-merge-log.repository.js';
import { participantStream, ParticipantRepository } from '../participant.repository.js';
import { survivorOf } from '../participant-survivor.js';

/** Injection token of the event store's `StreamPurge` (erasure-providers.ts). */
export const STREAM_PURGE = Symbol('StreamPurge');

/** One step of an erasure, named so a test can stop the process between any two (`ErasureOptions.after`). */
export type ErasureStep = 'begun' | 'index-purged' | 'keys-shredded' | 'completed';

export interface ErasureRequest {
  participantId: string;
  reasonCode: string;
  actor: Actor;
  correlationId: string;
  /** Called after each step has been stored; a test's crash injection (the CLI's `LEAD_ERASURE_CRASH_AFTER`). */
  after?: (step: ErasureStep) => void | Promise<void>;
}

export interface ErasureResult {
  erasureId: string;
  participantId: string;
  /** Every record of the person: the one named, its survivor and each record merged into it. */
  participants: string[];
  /** Blind-index streams this run removed (0 when an earlier run had removed them all). */
  indexStreamsRemoved: number;
  /** True when every record was erased before this run: nothing was left to do. */
  alreadyErased: boolean;
}

/** The participant named by an erasure does not exist (or is not the caller's to see: the handler checks). */
export class ParticipantToEraseNotFound extends Error {
  override readonly name = 'ParticipantToEraseNotFound';
  constructor(readonly participantId: string) {
    super(`There is no participant ${participantId}`);
  }
}

/**
 * Erasure of a participant: the whole person, every record of them (merges included), by court order or where the
 * law gives the right. Used by `POST /v1/participants/:participantId/erasure` and the `erase-participant` CLI.
 *
 * Steps, each stored before the next, and each idempotent, so a run cut off anywhere (a SIGKILL) is completed by
 * running it again:
 *
 * 1. `ParticipantErasureBegun` on every record of the person (reason code, who ordered it; ids only).
 * 2. The blind index is removed: every `participantmatch-<key>` stream whose claim names one of the records is purged
 *    (`StreamPurge`: its events and its name). From here on a referral of the person matches no one and is recorded
 *    as a new participant; nothing left confirms, to whoever holds the matching key, that the person was one.
 * 3. Each record's data key is shredded (`DataKeyStore.shred`): identity, narratives and sealed request digests
 *    read as erased everywhere. After step 2, never before it: a referral that still found a claim and then meets
 *    a shredded key reads the claim again and finds none (record-referral.handler.ts).
 * 4. `ParticipantErased` on every record: the erasure is complete (how many index streams it removed, never which).
 *
 * The events of every other stream (referrals, the participant's own, merges, audit) stay as they are, so their hash
 * chains still verify; only the index streams, whose name is the personal part, are removed (docs/referrals.md).
 */
@Injectable()
export class ParticipantErasure {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STREAM_PURGE) private readonly purge: StreamPurge,
    @Inject(DataKeyStore) private readonly keys: DataKeyStore,
    @Inject(ParticipantRepository) private readonly participants: ParticipantRepository,
    @Inject(ParticipantMergeLogRepository) private readonly mergeLog: ParticipantMergeLogRepository,
  ) {}

  /** The record as its stream says, for the caller's scope check. */
  async load(participantId: string): Promise<{ state: ParticipantState; revision: number | 'no_stream' }> {
    return this.participants.load(participantStream(participantId));
  }

  async erase(request: ErasureRequest): Promise<ErasureResult> {
    const after = request.after ?? (() => undefined);
    this.purge.assertSupported();
    const named = await this.load(request.participantId);
    if (named.state.status === 'none') throw new ParticipantToEraseNotFound(request.participantId);
    const { jurisdiction } = named.state;
    const members = await this.recordsOfPerson(request.participantId, named.state);
    const states = new Map<string, ParticipantState>();
    for (const id of members) states.set(id, (await this.load(id)).state);
    const alreadyErased = [...states.values()].every((state) => erasureOf(state).status === 'erased');
    const begun = [...states.values()]
      .map(erasureOf)
      .find((erasure): erasure is Exclude<ErasureState, { status: 'none' }> => erasure.status !== 'none');
    const erasureId = begun?.erasureId ?? randomUUID();
    const at = new Date().toISOString();
    const requestedBy = { subject: request.actor.subject, agency: request.actor.agency };
    const metadataOf = (participantId: string): EventMetadata => ({
      correlationId: request.correlationId,
      actor: request.actor,
      jurisdiction,
      participantId,
      erasureId,
    });

    for (const id of members)
      await this.participants.handle(
        participantStream(id),
        { type: 'BeginErasure', erasureId, participants: members, reasonCode: request.reasonCode, requestedBy, at },
        { metadata: metadataOf(id) },
      );
    await after('begun');

    const removedFor = new Map<string, number>(members.map((id) => [id, 0]));
    for (const { streamId, participantId } of await this.claimsNaming(members, states)) {
      const purged = await this.purge.purge(streamId);
      if (purged.existed) removedFor.set(participantId, (removedFor.get(participantId) ?? 0) + 1);
    }
    await after('index-purged');

    for (const id of members) await this.keys.shred(id);
    await after('keys-shredded');

    for (const id of members)
      await this.participants.handle(
        participantStream(id),
        { type: 'CompleteErasure', indexStreamsRemoved: removedFor.get(id) ?? 0, at: new Date().toISOString() },
        { metadata: metadataOf(id) },
      );
    await after('completed');

    return {
      erasureId,
      participantId: request.participantId,
      participants: members,
      indexStreamsRemoved: [...removedFor.values()].reduce((a, b) => a + b, 0),
      alreadyErased,
    };
  }

  /**
   * The person's records: the survivor the named record resolves to and every record merged into it, directly or
   * along a chain, as the jurisdiction's merge log says (a merge is logged before the merged record's stream records
   * it, so the log is the complete list). Sorted, so two runs name them alike.
   */
  private async recordsOfPerson(participantId: string, state: ParticipantState): Promise<string[]> {
    if (state.status === 'none') return [participantId];
    const log = await this.mergeLog.load(mergeLogStream(state.jurisdiction));
    const mergedInto = new Map(log.state.mergedInto);
    const own = mergedIntoOf(state);
    if (own !== null && !mergedInto.has(participantId)) mergedInto.set(participantId, own);
    const survivor = await survivorOf(participantId, async (id) => mergedInto.get(id) ?? null);
    const members = new Set([survivor, participantId]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [merged, into] of mergedInto)
        if (members.has(into) && !members.has(merged)) {
          members.add(merged);
          grew = true;
        }
    }
    return [...members].sort();
  }

  /**
   * Every match-key stream whose claim names one of `members`, from the committed rows (`StreamPurge.findByFirstEvent`,
   * not `$all`, whose fence can hold back a claim committed long ago), since new registrations no longer say which key
   * registered them. No claim naming a member can appear later: a claim is created only with its participant's
   * registration. Registrations stored before that still carry their key and are looked up directly too (a stream
   * claimed since by someone else is left).
   */
  private async claimsNaming(
    members: readonly string[],
    states: ReadonlyMap<string, ParticipantState>,
  ): Promise<Array<{ streamId: string; participantId: string }>> {
    const found = new Map<string, string>();
    for (const streamId of await this.purge.findByFirstEvent(MATCH_KEY_STREAM_PREFIX, 'participantId', members)) {
      const claimant = await this.claimantOf(streamId);
      if (claimant !== null && members.includes(claimant)) found.set(streamId, claimant);
    }
    for (const id of members) {
      const legacyKey = await this.legacyMatchKeyOf(id, states.get(id));
      if (!legacyKey) continue;
      const streamId = matchKeyStream(legacyKey);
      if (found.has(streamId)) continue;
      const claimant = await this.claimantOf(streamId);
      if (claimant === id) found.set(streamId, id);
    }
    return [...found].map(([streamId, participantId]) => ({ streamId, participantId }));
  }

  private async legacyMatchKeyOf(participantId: string, state: ParticipantState | undefined): Promise<string | null> {
    if (!state || state.status === 'none') return null;
    const [registered] = await this.store.readStream(participantStream(participantId), { maxCount: 1 });
    return (registered?.data as Extract<ParticipantEvent, { type: 'ParticipantRegistered' }>).matchKey ?? null;
  }

  private async claimantOf(streamId: string): Promise<string | null> {
    try {
      const [claim] = await this.store.readStream(streamId, { maxCount: 1 });
      return (claim?.data as ParticipantMatchKeyClaimed | undefined)?.participantId ?? null;
    } catch (error) {
      if (error instanceof StreamNotFound) return null;
      throw error;
    }
  }
}
