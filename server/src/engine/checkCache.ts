/**
 * What the incremental analyzer keeps of each check: its outcome, what it read from the index and what it
 * reported, by object; and which checks read each dependency key, so that a change re-runs only those.
 */
import type { Report } from './control';
import type { ContainerRef, KubeObject } from './model';
import type { Dependency } from './objectIndex';
import type { Finding } from './result';
import type { Exemption } from './suppress';
import type { CheckOutcome, CheckPlace } from './tallies';
import type { EnabledControl, Unit } from './units';

/** The cached result of one check: a control evaluated on one unit. */
export interface UnitRecord extends CheckOutcome {
  entry: EnabledControl;
  unitId: string;
  /** The object a local check ran on. */
  owner?: ObjectState;
  /** Where a namespace check ran (a local check's place is its owner's object). */
  place?: KubeObject | CheckPlace;
  /** What the check read from the index. */
  dependencies?: Dependency[];
  exemption?: Exemption;
  /** What the check reported, with spans in the text of its owner as it is now. */
  reports: Report[];
  /** The container a local check that reported ran on (its findings name it, made without its parse). */
  container?: Pick<ContainerRef, 'kind' | 'name'>;
  /**
   * The findings of a namespace or workspace check (few, made with the record). A local check's are made
   * from its reports each time its file's findings are read, and kept by nobody.
   */
  findings?: Finding[];
}

/** An object whose checks have run, with their records. */
export interface ObjectState {
  object: KubeObject;
  /** The document's span, and the object's, in the text the records describe. */
  docStart: number;
  docEnd: number;
  span: [number, number] | undefined;
  records: UnitRecord[];
  /**
   * Checks that passed (or were exempt) reading nothing from the index and reporting nothing: only their
   * outcome is kept, for the tallies. Nothing but a change to the object reruns them.
   */
  settled: CheckOutcome[];
  /**
   * When findings are made on demand (AnalyzerOptions), the checks that reported, in the order they ran
   * (control and unit at the same position): nothing else of them is kept.
   */
  reportedEntries?: EnabledControl[];
  reportedUnits?: Unit[];
}

/** What identifies an object's content: a change to it may change other objects' checks. */
export function signature(object: KubeObject, span: [number, number] | undefined): string {
  return `${object.kind}|${object.namespace}|${object.name}|${span ? object.file.text.slice(span[0], span[1]) : ''}`;
}

export class CheckCache {
  /** Objects whose checks have run, by key. */
  readonly states = new Map<string, ObjectState>();
  private readonly dependentsByKey = new Map<Dependency, Set<UnitRecord>>();

  /** Remembers which keys a record's check read. */
  track(record: UnitRecord): void {
    for (const dependency of record.dependencies ?? []) {
      let dependents = this.dependentsByKey.get(dependency);
      if (!dependents) {
        dependents = new Set();
        this.dependentsByKey.set(dependency, dependents);
      }
      dependents.add(record);
    }
  }

  untrack(record: UnitRecord): void {
    for (const dependency of record.dependencies ?? []) this.dependentsByKey.get(dependency)?.delete(record);
  }

  /** The records of local checks that read any of these keys, except those of objects about to re-run. */
  staleRecords(changedKeys: Iterable<Dependency>, rerun: ReadonlySet<string>): Set<UnitRecord> {
    const stale = new Set<UnitRecord>();
    for (const key of changedKeys)
      for (const record of this.dependentsByKey.get(key) ?? [])
        if (record.owner && !rerun.has(record.owner.object.key)) stale.add(record);
    return stale;
  }

  clear(): void {
    this.states.clear();
    this.dependentsByKey.clear();
  }
}
