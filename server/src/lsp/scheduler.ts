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
  private firstPending?: number;
  private disposed = false;

  constructor(private readonly analyze: () => void) {}

  /** `now`: a change that comes alone (a render that finished) is analysed without the coalescing pause. */
  schedule(now = false): void {
    if (this.disposed) return;
    this.firstPending ??= Date.now();
    clearTimeout(this.timer);
    const delay = now || Date.now() - this.firstPending >= MAX_DELAY_MS ? 0 : COALESCE_MS;
    this.timer = setTimeout(() => {
      this.firstPending = undefined;
      this.analyze();
    }, delay);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPending = undefined;
  }
}
