/** How many checks of each control passed, failed (by severity) or were exempt. */
import type { AnyControl, Severity } from './control';
import type { CheckTally } from './result';
import type { EnabledControl } from './units';

/** What one check counts for: nothing when its control did not apply. */
export interface CheckOutcome {
  control: AnyControl;
  outcome: 'passed' | 'failed' | 'exempt' | 'not-applicable';
  /** Failed checks: their most severe finding. */
  severity?: Severity;
}

export class Tallies {
  private readonly byControl = new Map<string, CheckTally>();

  constructor(private readonly enabled: readonly EnabledControl[]) {
    this.reset();
  }

  reset(): void {
    for (const { control } of this.enabled) this.byControl.set(control.meta.id, emptyTally(control));
  }

  /** Adds a check (delta 1) or takes it back (delta -1). */
  count(check: CheckOutcome, delta: 1 | -1): void {
    const tally = this.byControl.get(check.control.meta.id)!;
    switch (check.outcome) {
      case 'not-applicable':
        return;
      case 'passed':
        tally.passed += delta;
        return;
      case 'exempt':
        tally.exempt += delta;
        return;
      case 'failed':
        tally.failed += delta;
        if (check.severity === 'error') tally.failedErrors += delta;
        else if (check.severity === 'warning') tally.failedWarnings += delta;
        else tally.failedInfos += delta;
    }
  }

  /** Copies, in catalog order: later runs do not change a snapshot already returned. */
  snapshot(): CheckTally[] {
    return this.enabled.map(({ control }) => ({ ...this.byControl.get(control.meta.id)! }));
  }
}

function emptyTally(control: AnyControl): CheckTally {
  const { id, stage } = control.meta;
  return {
    control: id,
    stage,
    passed: 0,
    failed: 0,
    exempt: 0,
    failedErrors: 0,
    failedWarnings: 0,
    failedInfos: 0,
  };
}
