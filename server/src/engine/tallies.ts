/** How many checks of each control passed, failed (by severity) or were exempt. */
import type { AnyControl, Severity } from './control';
import type { KubeObject } from './model';
import { filePathOf } from './objectSummary';
import { type CheckTally, RENDERED_DOCUMENT_SUFFIX } from './result';
import type { EnabledControl } from './units';

/** What one check counts for: nothing when its control did not apply. */
export interface CheckOutcome {
  control: AnyControl;
  outcome: 'passed' | 'failed' | 'exempt' | 'not-applicable';
  /** Failed checks: their most severe finding. */
  severity?: Severity;
}

/** Where a namespace check ran: its namespace, and its anchor object's file (a local check's place is its object). */
export interface CheckPlace {
  namespace: string;
  object?: KubeObject;
}

/**
 * The checks of one place (a namespace, or the folder of a file) by Fairwinds stage: stage s at
 * 4 × (s − 1) as passed, failed, exempt, failed with an error.
 */
export type StageCounts = number[];

/** The checks of every namespace and folder, for the report's breakdown (workspace checks have no place). */
export interface Breakdown {
  namespaces: Array<[string, StageCounts]>;
  folders: Array<[string, StageCounts]>;
}

const STAGE_FIELDS = 4;
const STAGES = 7;
/** A long-lived server meets files that are later renamed or deleted: the path → folder cache starts over past this. */
const MAX_CACHED_FOLDERS = 50_000;

export class Tallies {
  private readonly byControl = new Map<string, CheckTally>();
  private readonly byNamespace = new Map<string, Int32Array>();
  private readonly byFolder = new Map<string, Int32Array>();
  private readonly folderOfPath = new Map<string, string>();

  constructor(private readonly enabled: readonly EnabledControl[]) {
    this.reset();
  }

  reset(): void {
    for (const { control } of this.enabled) this.byControl.set(control.meta.id, emptyTally(control));
    this.byNamespace.clear();
    this.byFolder.clear();
    this.folderOfPath.clear();
  }

  /** Adds a check (delta 1) or takes it back (delta -1), at its object's or namespace's place when it has one. */
  count(check: CheckOutcome, delta: 1 | -1, place?: KubeObject | CheckPlace): void {
    const tally = this.byControl.get(check.control.meta.id)!;
    let field: number;
    switch (check.outcome) {
      case 'not-applicable':
        return;
      case 'passed':
        tally.passed += delta;
        field = 0;
        break;
      case 'exempt':
        tally.exempt += delta;
        field = 2;
        break;
      case 'failed':
        tally.failed += delta;
        field = 1;
        if (check.severity === 'error') tally.failedErrors += delta;
        else if (check.severity === 'warning') tally.failedWarnings += delta;
        else tally.failedInfos += delta;
    }
    if (!place) return;
    const offset = (check.control.meta.stage - 1) * STAGE_FIELDS;
    const isError = field === 1 && check.severity === 'error';
    addTo(this.byNamespace, place.namespace, offset + field, delta, isError);
    const object = 'key' in place ? place : place.object;
    if (object) addTo(this.byFolder, this.folderOf(filePathOf(object)), offset + field, delta, isError);
  }

  /** Copies, in catalog order: later runs do not change a snapshot already returned. */
  snapshot(): CheckTally[] {
    return this.enabled.map(({ control }) => ({ ...this.byControl.get(control.meta.id)! }));
  }

  /** The places' counts as they are now, places without a check left out, sorted by name. */
  breakdown(): Breakdown {
    return { namespaces: countsOf(this.byNamespace), folders: countsOf(this.byFolder) };
  }

  private folderOf(path: string): string {
    let folder = this.folderOfPath.get(path);
    if (folder === undefined) {
      folder = folderOfPath(path);
      if (this.folderOfPath.size >= MAX_CACHED_FOLDERS) this.folderOfPath.clear();
      this.folderOfPath.set(path, folder);
    }
    return folder;
  }
}

/** The folder of a file (of a rendered document: of its template or kustomization); '.' at the root. */
export function folderOfPath(path: string): string {
  // Only the rendered document's own suffix: a `#` may be part of a folder's name.
  const file = path.replace(RENDERED_DOCUMENT_SUFFIX, '');
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash < 0 ? '.' : file.slice(0, slash) || '/';
}

/** A place's counts, made empty the first time it is met. */
function countsAt(places: Map<string, Int32Array>, key: string): Int32Array {
  let counts = places.get(key);
  if (!counts) {
    counts = new Int32Array(STAGES * STAGE_FIELDS);
    places.set(key, counts);
  }
  return counts;
}

function addTo(
  places: Map<string, Int32Array>,
  key: string,
  position: number,
  delta: number,
  isError: boolean,
): void {
  const counts = countsAt(places, key);
  counts[position] += delta;
  if (isError) counts[position + 2] += delta;
}

function countsOf(places: ReadonlyMap<string, Int32Array>): Array<[string, StageCounts]> {
  const rows: Array<[string, StageCounts]> = [];
  for (const [key, counts] of places) if (counts.some((count) => count !== 0)) rows.push([key, [...counts]]);
  return rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The sum of breakdowns (the shards of a parallel run): the same as one analyzer's. */
export function mergeBreakdowns(breakdowns: readonly Breakdown[]): Breakdown {
  const merge = (pick: (breakdown: Breakdown) => Array<[string, StageCounts]>) => {
    const sums = new Map<string, Int32Array>();
    for (const breakdown of breakdowns)
      for (const [key, counts] of pick(breakdown)) {
        const sum = countsAt(sums, key);
        counts.forEach((count, index) => {
          sum[index] += count;
        });
      }
    return countsOf(sums);
  };
  return {
    namespaces: merge((breakdown) => breakdown.namespaces),
    folders: merge((breakdown) => breakdown.folders),
  };
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
