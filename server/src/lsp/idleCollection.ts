import { getHeapStatistics } from 'node:v8';
import type { Disposable } from 'vscode-languageserver/node';

/** Collections start once the server has been quiet this long... */
export const IDLE_COLLECTION_MS = 1000;
/** ...and only when the heap holds this much more than lived after the last ones (a keystroke's garbage does not). */
const GROWTH = 1.5;
/** A small heap always holds that much more: below this much to give back, nothing is worth collecting. */
const MIN_GAIN_BYTES = 64 * 1024 * 1024;
/** Each collection compacts part of a fragmented heap: they go on while one gives back this much... */
const WORTH_ANOTHER = 0.03;
/** ...up to this many after one burst of work. */
const MAX_COLLECTIONS = 10;

/**
 * After a burst of work (the initial scan, a checkout, a settings change) the heap holds what the work
 * dropped: a workspace's parse once its files are held as text, the indexes of each run. V8 collects it
 * when it next needs room and gives the pages back to the system later still, a part at each full
 * collection, so an editor sat idle would keep its peak for tens of seconds. Once the server has been
 * quiet for a second and the heap holds half as much again as lived after the last collections, full
 * collections run, one per turn of the event loop (a message that arrives is served between them, and
 * stops them), while each after the first gives back 3% of the heap. Started without `--expose-gc`
 * (SERVER_NODE_OPTIONS), it does nothing.
 */
export class IdleCollection implements Disposable {
  private readonly collect = garbageCollector();
  private timer?: NodeJS.Timeout;
  private next?: NodeJS.Immediate;
  private usedAfterLast = 0;
  /** Collections stopped by new work: they go on at the next quiet whatever the growth. */
  private interrupted = false;
  /** Full collections run so far (tests read it). */
  collections = 0;

  constructor(
    private readonly quietMs = IDLE_COLLECTION_MS,
    /** After each quiet: its collections done, or none worth starting (tests wait on it). */
    private readonly settled: () => void = () => undefined,
  ) {}

  /** After work: collections wait until the server has been quiet for IDLE_COLLECTION_MS. */
  schedule(): void {
    if (!this.collect) return;
    if (this.next) this.interrupted = true;
    this.cancel();
    this.timer = setTimeout(() => this.start(), this.quietMs);
    this.timer.unref();
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    clearTimeout(this.timer);
    clearImmediate(this.next);
    this.timer = undefined;
    this.next = undefined;
  }

  private start(): void {
    this.timer = undefined;
    const total = getHeapStatistics().total_heap_size;
    const worth = total >= this.usedAfterLast * GROWTH && total - this.usedAfterLast >= MIN_GAIN_BYTES;
    if (!this.interrupted && !worth) {
      this.settled();
      return;
    }
    this.interrupted = false;
    this.step(1);
  }

  private step(count: number): void {
    this.next = undefined;
    const before = getHeapStatistics().total_heap_size;
    this.collect!();
    this.collections++;
    const after = getHeapStatistics();
    this.usedAfterLast = after.used_heap_size;
    // The first frees what is dead; the pages it empties go back from the next.
    if (count === 1 || (count < MAX_COLLECTIONS && after.total_heap_size < before * (1 - WORTH_ANOTHER))) {
      // Not unref'd: an unref'd immediate waits for whatever next wakes the loop.
      this.next = setImmediate(() => this.step(count + 1));
    } else {
      this.settled();
    }
  }
}

/** The collector `--expose-gc` gives (SERVER_NODE_OPTIONS), when the server was started with it. */
function garbageCollector(): (() => void) | undefined {
  const collect: unknown = (globalThis as { gc?: unknown }).gc;
  return typeof collect === 'function' ? (collect as () => void) : undefined;
}
