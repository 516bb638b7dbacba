import type { Disposable } from 'vscode-languageserver/node';

/** Changes are analysed once they pause this long (a flood of edits makes one analysis)... */
const COALESCE_MS = 5;
/** ...or at least this often while they keep coming. */
const MAX_DELAY_MS = 200;

/**
 * Coalesces a burst of changes (fast typing, a scan, a checkout) into one analysis: it runs once changes
 * have paused for COALESCE_MS (each message of a flood arrives in its own turn of the event loop), and at
 * least every MAX_DELAY_MS while they keep coming. Diagnostics are then for the latest version only.
 */
export class AnalysisScheduler implements Disposable {
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private firstPending?: number;
  private disposed = false;

  constructor(private readonly analyze: () => void) {}

  /** `now`: a change that comes alone (a render that finished) is analysed without the coalescing pause. */
  schedule(now = false): void {
    if (this.disposed) return;
    this.firstPending ??= Date.now();
    this.cancel();
    const run = () => {
      this.timer = undefined;
      this.immediate = undefined;
      this.firstPending = undefined;
      this.analyze();
    };
    // Without a pause, at the end of this turn of the event loop (a zero timer waits a millisecond).
    if (now || Date.now() - this.firstPending >= MAX_DELAY_MS) this.immediate = setImmediate(run);
    else this.timer = setTimeout(run, COALESCE_MS);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    this.firstPending = undefined;
  }

  private cancel(): void {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }
}
