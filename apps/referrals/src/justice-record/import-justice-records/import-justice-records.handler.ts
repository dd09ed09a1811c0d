import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ParticipantDataErased, PersonalDataCipher } from '@lead/crypto';
import {
  DomainRuleViolation,
  DuplicateEventId,
  WrongExpectedVersion,
  type EventData,
  type EventMetadata,
  type EventStore,
} from '@lead/event-store';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { EVENT_STORE, loadConfig } from '@lead/platform';
import { createHash } from 'node:crypto';
import { participantMatchKey, matchKeyStream } from '../../participant/participant-match-key.js';
import { ParticipantMatchKeyRepository } from '../../participant/participant-match-key.repository.js';
import { ParticipantRegistration } from '../../participant/register-participant/participant-registration.js';
import { ParticipantRepository } from '../../participant/participant.repository.js';
import { survivorOf } from '../../participant/participant-survivor.js';
import type { RecordJusticeEvent } from '../justice-record.decider.js';
import type { JusticeRecordEvent } from '../justice-record.events.js';
import { JusticeComparisonRepository, JusticeRecordRepository } from '../justice-record.repository.js';
import {
  comparisonEventId,
  comparisonIdOf,
  justiceComparisonStream,
  justiceRecordEventId,
  justiceRecordKey,
  justiceRecordStream,
} from '../justice-record.streams.js';
import { ComparisonTally } from './comparison-tally.js';
import {
  ImportJusticeRecordsCommand,
  type ImportJusticeRecordsResult,
  type RejectedRow,
} from './import-justice-records.command.js';
import { parseJusticeFile } from './justice-file-parser.js';
import { JusticeImportSettings } from './justice-import.settings.js';
import { isRejection, readJusticeRow, type JusticeRow } from './justice-row.js';

/** Rows matched and appended together: one read and one append per participant of a batch. */
const BATCH_ROWS = 500;
/** Match keys whose answer (participant or nobody) an import remembers: repeated people are read once. */
const MATCH_CACHE_ENTRIES = 20_000;
const MAX_CONFLICTS = 3;

interface Match {
  claimant: string;
  participantId: string;
}

interface MatchedRow {
  line: number;
  row: JusticeRow;
  recordKey: string;
}

/** An import in progress: its counters and the comparison tally (gone with it). */
class ImportRun {
  rows = 0;
  matched = 0;
  comparison = 0;
  duplicates = 0;
  rejectedTotal = 0;
  readonly rejected: RejectedRow[] = [];
  readonly tally: ComparisonTally;

  constructor(
    private readonly maxListed: number,
    maxComparisonPeople: number,
  ) {
    this.tally = new ComparisonTally(maxComparisonPeople);
  }

  reject(rejection: RejectedRow): void {
    this.rejectedTotal += 1;
    if (this.rejected.length < this.maxListed) this.rejected.push(rejection);
  }
}

/**
 * Imports a justice-system file as it streams in (docs/justice-import.md): each row is checked on its own; a valid
 * one is matched read-only by the jurisdiction's blind index (an import never registers anyone). A participant's
 * row becomes an event of their justice record, the row's identity sealed with their data key, under an event id
 * derived from the jurisdiction and the source record id; every other row only adds to the comparison counts,
 * appended at the end under an id derived from the file's digest. A crash mid-import leaves the rows recorded so
 * far and no comparison counts; the same file sent again records the rest and counts the comparison once.
 */
@CommandHandler(ImportJusticeRecordsCommand)
export class ImportJusticeRecordsHandler implements ICommandHandler<
  ImportJusticeRecordsCommand,
  ImportJusticeRecordsResult
> {
  private readonly settings = loadConfig(JusticeImportSettings, process.env, 'referrals');

  constructor(
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
    @Inject(ParticipantRegistration) private readonly registration: ParticipantRegistration,
    @Inject(ParticipantMatchKeyRepository) private readonly matchKeys: ParticipantMatchKeyRepository,
    @Inject(ParticipantRepository) private readonly participants: ParticipantRepository,
    @Inject(JusticeRecordRepository) private readonly records: JusticeRecordRepository,
    @Inject(JusticeComparisonRepository) private readonly comparisons: JusticeComparisonRepository,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(command: ImportJusticeRecordsCommand): Promise<ImportJusticeRecordsResult> {
    const { jurisdiction, coveredThrough } = command;
    const districts = new Set(
      this.jurisdictions.versionsOf(jurisdiction).flatMap((protocol) => protocol.districts.map((d) => d.id)),
    );
    const secret = this.registration.jurisdictionSecret(jurisdiction);
    const metadata = { correlationId: command.correlationId, actor: command.actor, jurisdiction };
    const run = new ImportRun(
      this.settings.JUSTICE_IMPORT_MAX_LISTED_REJECTIONS,
      this.settings.JUSTICE_IMPORT_MAX_COMPARISON_PEOPLE,
    );
    const matches = new Map<string, Match | null>();
    const digest = createHash('sha256');
    const body = digested(command.body, digest);
    let batch: { line: number; row: JusticeRow }[] = [];
    for await (const parsed of parseJusticeFile(body, command.format)) {
      run.rows += 1;
      if ('rejection' in parsed) {
        run.reject({ line: parsed.line, ...parsed.rejection });
        continue;
      }
      const row = readJusticeRow(parsed.values, { districts, coveredThrough });
      if (isRejection(row)) {
        run.reject({ line: parsed.line, ...row });
        continue;
      }
      batch.push({ line: parsed.line, row });
      if (batch.length >= BATCH_ROWS) {
        await this.importBatch(batch, command, secret, matches, metadata, run);
        batch = [];
      }
    }
    await this.importBatch(batch, command, secret, matches, metadata, run);
    run.rejected.sort((a, b) => a.line - b.line);

    const comparisonId = comparisonIdOf(jurisdiction, coveredThrough, digest.digest('hex'));
    const counts = await this.countComparison(comparisonId, command, run, metadata);
    return {
      importId: command.importId,
      jurisdiction,
      coveredThrough,
      rows: run.rows,
      accepted: run.matched + run.comparison + run.duplicates,
      matched: run.matched,
      comparison: run.comparison,
      duplicates: run.duplicates,
      rejected: run.rejected,
      rejectedTotal: run.rejectedTotal,
      comparisonCounts: { comparisonId, ...counts },
    };
  }

  private async importBatch(
    batch: { line: number; row: JusticeRow }[],
    command: ImportJusticeRecordsCommand,
    secret: Buffer,
    matches: Map<string, Match | null>,
    metadata: EventMetadata,
    run: ImportRun,
  ): Promise<void> {
    const byParticipant = new Map<string, MatchedRow[]>();
    for (const { row } of batch) run.tally.sight(row);
    for (const { line, row } of batch) {
      const { givenName, familyName, dateOfBirth } = row.person;
      const key = participantMatchKey(secret, command.jurisdiction, givenName, familyName, dateOfBirth);
      const match = await this.participantOf(key, matches);
      if (match === null) {
        run.comparison += 1;
        run.tally.add(row);
        continue;
      }
      const { participantId, claimant } = match;
      const recordKey = justiceRecordKey(secret, command.jurisdiction, claimant, row.recordId);
      const rows = byParticipant.get(participantId) ?? [];
      rows.push({ line, row, recordKey });
      byParticipant.set(participantId, rows);
    }
    for (const [participantId, rows] of byParticipant) {
      await this.recordForParticipant(participantId, rows, command, metadata, run);
    }
  }

  /**
   * The participant a match key names (`claimant`) and the survivor of its merges (`participantId`, whose record the
   * row joins), or null: read-only, remembered for the import.
   */
  private async participantOf(matchKey: string, matches: Map<string, Match | null>): Promise<Match | null> {
    if (matches.has(matchKey)) return matches.get(matchKey)!;
    const { state } = await this.matchKeys.load(matchKeyStream(matchKey));
    const match =
      state.status === 'claimed'
        ? {
            claimant: state.participantId,
            participantId: await survivorOf(state.participantId, (id) => this.participants.mergedInto(id)),
          }
        : null;
    if (matches.size >= MATCH_CACHE_ENTRIES) matches.delete(matches.keys().next().value!);
    matches.set(matchKey, match);
    return match;
  }

  /**
   * One participant's rows of a batch: sealed under one lookup of their data key, decided on their justice record
   * and appended at the revision read (a concurrent import's append is a conflict: re-read and re-decided).
   */
  private async recordForParticipant(
    participantId: string,
    rows: MatchedRow[],
    command: ImportJusticeRecordsCommand,
    metadata: EventMetadata,
    run: ImportRun,
  ): Promise<void> {
    let identities;
    try {
      identities = await this.cipher.sealEach(
        participantId,
        rows.map(({ row }) => ({
          ...row.person,
          recordId: row.recordId,
          raceEthnicity: row.raceEthnicity,
        })),
      );
    } catch (error) {
      // Erased since the match was read: to this import, as to every later one, someone who never entered LEAD.
      if (!(error instanceof ParticipantDataErased)) throw error;
      for (const { row } of rows) run.tally.add(row);
      run.comparison += rows.length;
      return;
    }
    const at = new Date().toISOString();
    const commands = rows.map(({ row, recordKey, line }, index) => ({
      line,
      command: {
        type: 'RecordJusticeEvent',
        participantId,
        jurisdiction: command.jurisdiction,
        recordKey,
        kind: row.kind,
        occurredOn: row.eventDate,
        district: row.district,
        offenseCode: row.offenseCode ?? null,
        felony: row.felony ?? null,
        jailDays: row.jailDays ?? null,
        importId: command.importId,
        coveredThrough: command.coveredThrough,
        identity: identities[index],
        at,
      } satisfies RecordJusticeEvent,
    }));
    const stream = justiceRecordStream(participantId);
    const eventMetadata = { ...metadata, participantId };
    for (let attempt = 0; ; attempt++) {
      const current = await this.records.load(stream);
      let state = current.state;
      const events: JusticeRecordEvent[] = [];
      let duplicates = 0;
      // Kept until the append holds: a conflict decides every row again.
      const refused: RejectedRow[] = [];
      for (const { line, command: decided } of commands) {
        let decision: JusticeRecordEvent[];
        try {
          decision = this.records.decide(decided, state);
        } catch (error) {
          if (!(error instanceof DomainRuleViolation)) throw error;
          refused.push({ line, reason: error.code });
          continue;
        }
        if (decision.length === 0) duplicates += 1;
        for (const event of decision) {
          events.push(event);
          state = this.records.evolve(state, event);
        }
      }
      try {
        if (events.length > 0)
          await this.store.appendToStream(
            stream,
            events.map((e) => recordData(e, eventMetadata)),
            current.revision,
          );
        run.matched += events.length;
        run.duplicates += duplicates;
        refused.forEach((rejection) => run.reject(rejection));
        return;
      } catch (error) {
        if (error instanceof DuplicateEventId) {
          // A record already held elsewhere (under a record since merged into this one): the rest one by one.
          await this.recordOneByOne(stream, events, eventMetadata, run);
          run.duplicates += duplicates;
          refused.forEach((rejection) => run.reject(rejection));
          return;
        }
        if (!(error instanceof WrongExpectedVersion) || attempt >= MAX_CONFLICTS) throw error;
      }
    }
  }

  private async recordOneByOne(
    stream: string,
    events: JusticeRecordEvent[],
    metadata: EventMetadata,
    run: ImportRun,
  ): Promise<void> {
    for (const event of events) {
      try {
        await this.store.appendToStream(stream, [recordData(event, metadata)], 'any');
        run.matched += 1;
      } catch (error) {
        if (!(error instanceof DuplicateEventId)) throw error;
        run.duplicates += 1;
      }
    }
  }

  /** The file's comparison counts, appended once: the stream's first append wins, a later one counts nothing. */
  private async countComparison(
    comparisonId: string,
    command: ImportJusticeRecordsCommand,
    run: ImportRun,
    metadata: EventMetadata,
  ): Promise<{ counted: boolean; parts: number }> {
    const stream = justiceComparisonStream(comparisonId);
    const current = await this.comparisons.load(stream);
    const events = this.comparisons.decide(
      {
        type: 'CountComparison',
        comparisonId,
        importId: command.importId,
        jurisdiction: command.jurisdiction,
        coveredThrough: command.coveredThrough,
        counts: run.tally.countCells(),
        survival: run.tally.survivalCells(command.coveredThrough),
        at: new Date().toISOString(),
      },
      current.state,
    );
    if (events.length === 0) return { counted: false, parts: 0 };
    try {
      await this.store.appendToStream(
        stream,
        events.map((event) => ({
          eventId: comparisonEventId(comparisonId, event.part),
          type: event.type,
          schemaVersion: 1,
          data: event,
          metadata,
        })),
        current.revision,
      );
    } catch (error) {
      // Another import of the same file counted it first.
      if (error instanceof WrongExpectedVersion || error instanceof DuplicateEventId)
        return { counted: false, parts: 0 };
      throw error;
    }
    return { counted: true, parts: events.length };
  }
}

function recordData(event: JusticeRecordEvent, metadata: EventMetadata): EventData {
  return {
    eventId: justiceRecordEventId(event.recordKey),
    type: event.type,
    schemaVersion: 1,
    data: event,
    metadata,
  };
}

/** The body as it streams, each chunk added to `digest` on the way. */
async function* digested(
  body: AsyncIterable<Buffer | string>,
  digest: ReturnType<typeof createHash>,
): AsyncGenerator<Buffer | string> {
  for await (const chunk of body) {
    digest.update(chunk);
    yield chunk;
  }
}
