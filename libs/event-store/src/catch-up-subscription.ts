import type { RecordedEvent } from './event-envelope.js';
import type { Subscription } from './event-store.port.js';

const HELD_BACK_FIRST_WAIT_MS = 5;
const HELD_BACK_MAX_WAIT_MS = 250;
/**
 * After hearing of an append, wait this long before reading, so that a burst of appends is read as one page rather
 * than one query each (every in-process append wakes every subscription of the process). Adds at most this much to
 * a subscriber's latency.
 */
const COALESCE_MS = 3;
/**
 * A checkpoint that only moves past events the filter does not match is saved at most this often while caught up:
 * losing it in a crash only means scanning those events again, and saving it on every wake was one write per append.
 */
const SKIPPED_ONLY_CHECKPOINT_MS = 1000;

/**
 * One read. `scannedTo` says how far the read looked when that is beyond its last event (a
 * filtered read that found nothing more up to the head), so the cursor can skip what did not match.
 */
export interface CatchUpPage<Cursor> {
  events: RecordedEvent[];
  scannedTo?: Cursor;
  /**
   * Whether events after the read's cursor are committed but still held back, when the read could tell in the
   * same statement (then `hasHeldBackEvents` is not asked).
   */
  heldBack?: boolean;
}

/** What a catch-up loop needs from a store: pages after a cursor, and a wake-up when new events may exist. */
export interface CatchUpSource<Cursor> {
  /** Runs before the first read, e.g. to start listening so no wake-up is missed once caught up. */
  prepare?(): Promise<void>;
  readPage(after: Cursor, maxCount: number): Promise<CatchUpPage<Cursor>>;
  cursorOf(event: RecordedEvent): Cursor;
  /** Whether cursor `a` is later than `b` (needed only by sources that report `scannedTo`). */
  isAfter?(a: Cursor, b: Cursor): boolean;
  /** A counter that changes whenever new events may have been written. */
  generation(): number;
  /** Resolves when `generation()` moves past `seen`, after `maxWaitMs`, or on abort. */
  waitForChange(seen: number, maxWaitMs: number, signal: AbortSignal): Promise<void>;
  loadCheckpoint?(): Promise<Cursor | undefined>;
  saveCheckpoint?(cursor: Cursor): Promise<void>;
  /**
   * Whether events after the cursor are committed but not yet readable (held back by an older
   * transaction still running). No notification will announce when that transaction ends, so the
   * loop re-reads soon instead of waiting for the next notification.
   */
  hasHeldBackEvents?(cursor: Cursor): Promise<boolean>;
  /** Events between the cursor and the head of the log, for the lag gauge. */
  lag?(cursor: Cursor): Promise<number>;
}

export interface CatchUpOptions {
  batchSize: number;
  checkpointEvery: number;
  pollIntervalMs: number;
  onCaughtUp?: () => void;
  onError?: (error: unknown) => void;
  onLag?: (eventsBehind: number) => void;
  /** Hands over each page whole instead of calling the handler per event (see SubscribeToAllOptions). */
  pageHandler?: (events: RecordedEvent[]) => Promise<void>;
}

/**
 * Reads history page by page, then keeps reading as the source signals new events. History and
 * live are one loop over the same ordered read, so the switch has no gap and no duplicate.
 * The checkpoint is saved only after the handler returned (at-least-once delivery).
 */
export class CatchUpSubscription<Cursor> implements Subscription {
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private position: Cursor;
  private last: RecordedEvent | undefined;

  constructor(
    private readonly source: CatchUpSource<Cursor>,
    start: Cursor | (() => Promise<Cursor>),
    private readonly handler: (event: RecordedEvent) => Promise<void> | void,
    private readonly options: CatchUpOptions,
  ) {
    this.position = undefined as Cursor;
    this.done = this.run(start);
    // An unobserved failure must not crash the process; callers observe it through `done`/onError.
    this.done.catch(() => undefined);
  }

  get lastPosition() {
    return this.last?.position;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done.catch(() => undefined);
  }

  private async run(start: Cursor | (() => Promise<Cursor>)): Promise<void> {
    const { source, options } = this;
    const signal = this.abort.signal;
    let unsaved = 0;
    let handledSinceSave = 0;
    let lastSavedAt = 0;
    let caughtUp = false;
    const save = async () => {
      await source.saveCheckpoint!(this.position);
      unsaved = 0;
      handledSinceSave = 0;
      lastSavedAt = Date.now();
    };
    let heldBackWaitMs = HELD_BACK_FIRST_WAIT_MS;
    try {
      await source.prepare?.();
      const stored = await source.loadCheckpoint?.();
      this.position = stored ?? (typeof start === 'function' ? await (start as () => Promise<Cursor>)() : start);
      while (!signal.aborted) {
        const seen = source.generation();
        const { events: page, scannedTo, heldBack } = await source.readPage(this.position, options.batchSize);
        if (options.pageHandler && page.length > 0 && !signal.aborted) {
          await options.pageHandler(page);
          this.last = page[page.length - 1];
          this.position = source.cursorOf(this.last);
          handledSinceSave += page.length;
          unsaved += page.length;
          if (unsaved >= options.checkpointEvery && source.saveCheckpoint) await save();
        }
        for (const event of options.pageHandler ? [] : page) {
          if (signal.aborted) break;
          await this.handler(event);
          this.position = source.cursorOf(event);
          this.last = event;
          handledSinceSave++;
          if (++unsaved >= options.checkpointEvery && source.saveCheckpoint) await save();
        }
        if (page.length === options.batchSize) {
          if (options.onLag && source.lag) options.onLag(await source.lag(this.position));
          continue;
        }
        if (scannedTo !== undefined && !signal.aborted && source.isAfter?.(scannedTo, this.position)) {
          // Nothing more matched up to the head: move past what did not, so the next read starts there.
          this.position = scannedTo;
          unsaved++;
        }
        if (
          unsaved > 0 &&
          source.saveCheckpoint &&
          (handledSinceSave > 0 || Date.now() - lastSavedAt >= SKIPPED_ONLY_CHECKPOINT_MS)
        ) {
          await save();
        }
        options.onLag?.(0);
        if (!caughtUp && !signal.aborted) {
          caughtUp = true;
          options.onCaughtUp?.();
        }
        if (page.length > 0) {
          heldBackWaitMs = HELD_BACK_FIRST_WAIT_MS;
          continue;
        }
        if (heldBack ?? (source.hasHeldBackEvents ? await source.hasHeldBackEvents(this.position) : false)) {
          await source.waitForChange(source.generation(), heldBackWaitMs, signal);
          heldBackWaitMs = Math.min(heldBackWaitMs * 2, options.pollIntervalMs, HELD_BACK_MAX_WAIT_MS);
          continue;
        }
        heldBackWaitMs = HELD_BACK_FIRST_WAIT_MS;
        await source.waitForChange(seen, options.pollIntervalMs, signal);
        if (source.generation() !== seen && !signal.aborted) await delay(COALESCE_MS, signal);
      }
      if (unsaved > 0 && source.saveCheckpoint) await source.saveCheckpoint(this.position);
    } catch (error) {
      options.onError?.(error);
      throw error;
    }
  }
}

/** Resolves after `ms`, or at once on abort. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
