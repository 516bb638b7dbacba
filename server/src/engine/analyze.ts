import type { Settings } from './config';
import {
  type AnyControl,
  type Category,
  type CheckResult,
  type Control,
  type FixClass,
  mostSevere,
  NOT_APPLICABLE,
  type Report,
  type Scope,
  type Severity,
  type Span,
  type Stage,
  spanOfKey,
  stricterClass,
} from './control';
import { Fixer } from './fixer';
import { changesLayout, readWorkspaceLayout, sameFolders } from './kustomize';
import {
  type ContainerRef,
  describeObject,
  extractObjects,
  type KubeObject,
  type ObjectRef,
  objectRef,
} from './model';
import { get, getPair, keySpan, nodeSpan } from './nodes';
import { countKeyOf, type Dependency, dependencyKeysOf, ObjectIndex } from './objectIndex';
import type { FileProblem, ParsedFile } from './parse';
import { type Exemption, findExemption, hasExemptingAnnotation, IGNORE_COMMENT } from './suppress';
import type { Range, TextEdit } from './text';

export interface FindingFix {
  /** What the fix does to the running workload: the control's class, or stricter for this finding. */
  class: FixClass;
  /** What the fix does ("Set securityContext.runAsNonRoot: true"), and which explicit values it overrides. */
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  control: string;
  stage: Stage;
  category: Category;
  severity: Severity;
  message: string;
  /** Absent for workspace-wide findings, which belong to no file. */
  file?: string;
  range?: Range;
  object?: ObjectRef;
  container?: string;
  exempt?: { reason: string; source: string };
  fix?: FindingFix;
  /** Why the control's fix is not offered for this finding (read `fix` first: it is computed lazily). */
  fixWithheld?: string;
}

export interface CheckTally {
  control: string;
  stage: Stage;
  passed: number;
  failed: number;
  exempt: number;
  /** Failed checks by their most severe finding. */
  failedErrors: number;
  failedWarnings: number;
  failedInfos: number;
}

export interface ReportedProblem {
  file: string;
  kind: FileProblem['kind'];
  message: string;
  range?: Range;
}

export interface ControlFailure {
  control: string;
  message: string;
}

export interface AnalysisResult {
  objects: KubeObject[];
  findings: Finding[];
  tallies: CheckTally[];
  problems: ReportedProblem[];
  skipped: Array<{ file: string; reason: string }>;
  analyzedFiles: number;
  /** Controls that threw: each is reported once, the others still ran. */
  controlFailures: ControlFailure[];
}

export { mostSevere } from './control';

export interface AnalyzerOptions {
  /**
   * Compute a finding's fix when it is first read rather than with the finding (the language server: most
   * fixes are never asked for). The fix is the same; it is computed from the analysis it belongs to.
   */
  lazyFixes?: boolean;
  /**
   * Keep what every check read, so that a later run re-runs only what a change affects (the default).
   * Without it (the CLI's single run), a later run analyses everything again.
   */
  incremental?: boolean;
}

interface UnitContext {
  index: ObjectIndex;
  settings: Settings;
  report: (report: Report) => void;
  [key: string]: unknown;
}

/** One unit a control is evaluated on, with the context its check receives. */
interface Unit {
  id: string;
  scope: Scope;
  context: UnitContext;
  object?: KubeObject;
  container?: ContainerRef;
  /** Given for namespace and workspace units; computed when needed for the others. */
  subject?: string;
  anchor?: Span;
  anchored?: boolean;
  /** Whose annotations and comments can exempt the check, when not `object` (namespace checks). */
  exemptionObject?: KubeObject | null;
  namespace?: string;
}

/** The cached result of one check: a control evaluated on one unit. */
interface UnitRecord {
  entry: EnabledControl;
  unitId: string;
  /** The object a local check ran on. */
  owner?: ObjectState;
  /** What the check read from the index. */
  dependencies?: Dependency[];
  /** 'not-applicable' checks count for nothing but are kept: what they read may make them apply later. */
  outcome: 'passed' | 'failed' | 'exempt' | 'not-applicable';
  severity?: Severity;
  exemption?: Exemption;
  /** What the check reported, with spans in the text of its owner as it is now. */
  reports: Report[];
  findings: Finding[];
}

/** An object whose checks have run, with their records. */
interface ObjectState {
  object: KubeObject;
  /** The document's span, and the object's, in the text the records describe. */
  docStart: number;
  docEnd: number;
  span: [number, number] | undefined;
  records: UnitRecord[];
  /**
   * Checks that passed (or were exempt) reading nothing from the index and reporting nothing: kept as
   * their control's position among the enabled ones, times two, plus one when exempt. Nothing but a change to the object reruns them.
   */
  settled: number[];
}

interface EnabledControl {
  control: AnyControl;
  configured?: Severity;
  order: number;
  /** Its position among the enabled controls. */
  position: number;
  kinds?: ReadonlySet<string>;
  /** Container scope: which lists of the pod spec. */
  init: boolean;
  main: boolean;
  ephemeral: boolean;
}

const NO_REPORTS: Report[] = [];
const NO_FINDINGS: Finding[] = [];

function isLocalScope(scope: Scope): boolean {
  return scope === 'container' || scope === 'podSpec' || scope === 'object';
}

/** What identifies an object's content: a change to it may change other objects' checks. */
function signature(object: KubeObject, span: [number, number] | undefined): string {
  return `${object.kind}|${object.namespace}|${object.name}|${span ? object.file.text.slice(span[0], span[1]) : ''}`;
}

/**
 * Runs every enabled control over the objects of a workspace, and keeps the result of each check so that
 * a changed file re-runs only the checks of its own objects and of the objects whose checks read what
 * changed (recorded by the ObjectIndex while each check runs). An object whose document was taken over
 * unchanged from the previous version of its file (see parseFile) keeps its checks: its findings move
 * with it. The CLI runs it once over all files; the language server keeps one and feeds it edits: both
 * get the same findings and numbers.
 */
export class Analyzer {
  private readonly files = new Map<string, ParsedFile>();
  /** Files a kustomization applies as patches: partial objects, skipped with the reason. */
  private readonly patches = new Map<string, string>();
  private kustomizationsChanged = false;
  /** Folders holding a kustomization: declarations in different ones are different objects (ObjectIndex). */
  private kustomizationDirs: ReadonlySet<string> = new Set();
  private kustomizationDirsChanged = false;
  private readonly objectsByFile = new Map<string, KubeObject[]>();
  /** Files changed since the last run, with their objects before the change. */
  private readonly pendingFiles = new Map<string, KubeObject[]>();
  private readonly states = new Map<string, ObjectState>();
  /** Checks by what they read from the index. */
  private readonly dependentsByKey = new Map<Dependency, Set<UnitRecord>>();
  private globalRecords: UnitRecord[] = [];
  /** Findings of the files' own objects, sorted, by file; rebuilt for the files marked dirty. */
  private readonly localFindings = new Map<string, Finding[]>();
  private readonly dirtyFiles = new Set<string>();
  private globalFindings = new Map<string, Finding[]>();
  private readonly tallies = new Map<string, CheckTally>();
  private readonly failures = new Map<string, ControlFailure>();
  private readonly enabled: EnabledControl[] = [];
  private readonly localEnabled: EnabledControl[] = [];
  private readonly mayBeExempt = new WeakMap<KubeObject, boolean>();
  /** Lazy fixes: what computes each, and the accessor every such finding shares. */
  private readonly pendingFixes = new WeakMap<
    Finding,
    { control: AnyControl; unit: Unit; report: Report; file: ParsedFile }
  >();
  private readonly lazyFix: PropertyDescriptor = (() => {
    const pending = () => this.pendingFixes;
    const fixOf = (finding: Finding) => {
      const source = pending().get(finding);
      pending().delete(finding);
      return source ? this.fixOf(source.control, source.unit, source.report, source.file) : {};
    };
    return {
      configurable: true,
      enumerable: true,
      // Computed on first read, then a plain value; a finding without a fix loses the property.
      get(this: Finding) {
        const { fix, withheld } = fixOf(this);
        if (withheld) this.fixWithheld = withheld;
        if (fix)
          Object.defineProperty(this, 'fix', {
            value: fix,
            configurable: true,
            enumerable: true,
            writable: true,
          });
        else delete this.fix;
        return fix;
      },
      set(this: Finding, value: FindingFix | undefined) {
        pending().delete(this);
        Object.defineProperty(this, 'fix', { value, configurable: true, enumerable: true, writable: true });
      },
    };
  })();
  private readonly ignoreComments = new WeakMap<ParsedFile, boolean>();
  private readonly lazyFixes: boolean;
  private readonly incremental: boolean;
  private cached?: AnalysisResult;
  private firstRun = true;
  /** What the checks report into while they run. */
  private reports: Report[] | undefined;
  private readonly sink = (report: Report) => {
    if (this.reports) this.reports.push(report);
    else this.reports = [report];
  };
  /** What the running check reads from the index. */
  private readonly recorder = new Set<Dependency>();
  /** Checks run by the last `run`: what a change cost. */
  lastRunChecks = 0;

  constructor(
    private readonly settings: Settings,
    controls: readonly AnyControl[],
    options: AnalyzerOptions = {},
  ) {
    this.lazyFixes = options.lazyFixes ?? false;
    this.incremental = options.incremental ?? true;
    controls.forEach((control, order) => {
      const configured = settings.severities[control.meta.id];
      if (configured === 'off') return;
      const containerKinds = control.meta.containerKinds ?? ['container'];
      const entry: EnabledControl = {
        control,
        configured,
        order,
        position: this.enabled.length,
        kinds: control.meta.kinds ? new Set(control.meta.kinds) : undefined,
        init: containerKinds.includes('initContainer'),
        main: containerKinds.includes('container'),
        ephemeral: containerKinds.includes('ephemeralContainer'),
      };
      this.enabled.push(entry);
      if (isLocalScope(control.meta.scope)) this.localEnabled.push(entry);
      this.tallies.set(control.meta.id, emptyTally(control));
    });
  }

  /**
   * The files in path order: objects, anchors, name lists and reports follow it, so that the result never
   * depends on the order files were added in (an editor's history) and equals a fresh analysis.
   */
  private orderedPathsCache?: string[];

  private orderedPaths(): string[] {
    this.orderedPathsCache ??= [...this.files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.orderedPathsCache;
  }

  setFile(file: ParsedFile): void {
    if (!this.files.has(file.path)) this.orderedPathsCache = undefined;
    if (!this.pendingFiles.has(file.path))
      this.pendingFiles.set(file.path, this.objectsByFile.get(file.path) ?? []);
    if (!this.files.has(file.path) || changesLayout(file.path)) this.kustomizationsChanged = true;
    this.files.set(file.path, file);
    this.objectsByFile.set(
      file.path,
      file.skipped || this.patches.has(file.path) ? [] : extractObjects(file),
    );
    this.cached = undefined;
  }

  removeFile(path: string): void {
    if (!this.files.has(path)) return;
    if (!this.pendingFiles.has(path)) this.pendingFiles.set(path, this.objectsByFile.get(path) ?? []);
    this.orderedPathsCache = undefined;
    this.files.delete(path);
    this.objectsByFile.delete(path);
    this.patches.delete(path);
    this.localFindings.delete(path);
    this.dirtyFiles.delete(path);
    if (changesLayout(path)) this.kustomizationsChanged = true;
    this.cached = undefined;
  }

  /** Marks the files kustomizations apply as patches (and unmarks the ones they no longer do). */
  private refreshKustomizePatches(): void {
    if (!this.kustomizationsChanged) return;
    this.kustomizationsChanged = false;
    const layout = readWorkspaceLayout([...this.files.values()]);
    const reasons = layout.skipped;
    if (!sameFolders(layout.kustomizationDirs, this.kustomizationDirs)) {
      this.kustomizationDirs = layout.kustomizationDirs;
      this.kustomizationDirsChanged = true;
    }
    for (const [path, file] of this.files) {
      const reason = reasons.get(path);
      if (reason === this.patches.get(path) || file.skipped) continue;
      if (!this.pendingFiles.has(path)) this.pendingFiles.set(path, this.objectsByFile.get(path) ?? []);
      if (reason) this.patches.set(path, reason);
      else this.patches.delete(path);
      this.objectsByFile.set(path, reason ? [] : extractObjects(file));
    }
  }

  getFile(path: string): ParsedFile | undefined {
    return this.files.get(path);
  }

  get filePaths(): string[] {
    return [...this.files.keys()];
  }

  /** Files with at least one Kubernetes object. */
  get manifestFileCount(): number {
    let count = 0;
    for (const objects of this.objectsByFile.values()) if (objects.length > 0) count++;
    return count;
  }

  /** The findings of one file in the last run, in report order (what `run().findings` holds for it). */
  findingsOf(path: string): Finding[] {
    this.run();
    return this.mergedFindings(path);
  }

  /** The problems of one file in the last run (syntax errors, wrong types). */
  problemsOf(path: string): ReportedProblem[] {
    const file = this.files.get(path);
    if (!file || file.skipped || this.patches.has(path)) return [];
    return file.problems.map((problem) => reportedProblem(file, problem));
  }

  run(): AnalysisResult {
    if (this.cached) return this.cached;
    this.refreshKustomizePatches();
    this.lastRunChecks = 0;
    const objects: KubeObject[] = [];
    for (const path of this.orderedPaths())
      for (const object of this.objectsByFile.get(path) ?? []) objects.push(object);
    const index = new ObjectIndex(objects, this.kustomizationDirs);

    if (!this.incremental && !this.firstRun) this.reset();
    if (this.firstRun) {
      this.firstRun = false;
      for (const object of objects) this.runObject(object, index);
    } else {
      this.runChanges(index);
    }
    this.pendingFiles.clear();
    this.kustomizationDirsChanged = false;

    for (const record of this.globalRecords) this.forgetRecord(record);
    this.globalRecords = [];
    this.globalFindings = new Map();
    const controlOrder = (finding: Finding) => this.orderOf(finding.control);
    for (const entry of this.enabled) {
      if (isLocalScope(entry.control.meta.scope)) continue;
      for (const unit of unitsOf(entry.control, index, this.settings, this.sink)) {
        const record = this.runUnit(entry, unit, index);
        if (!record) continue;
        this.globalRecords.push(record);
        for (const finding of record.findings) {
          const key = finding.file ?? '';
          const list = this.globalFindings.get(key);
          if (list) list.push(finding);
          else this.globalFindings.set(key, [finding]);
        }
      }
    }
    for (const path of this.dirtyFiles) this.rebuildLocalFindings(path, controlOrder);
    this.dirtyFiles.clear();
    this.cached = this.buildResult(objects);
    return this.cached;
  }

  /** Forgets every check: the next run is a first run. */
  private reset(): void {
    this.states.clear();
    this.dependentsByKey.clear();
    this.localFindings.clear();
    this.globalRecords = [];
    for (const entry of this.enabled) this.tallies.set(entry.control.meta.id, emptyTally(entry.control));
    this.firstRun = true;
  }

  /**
   * After the first run: the objects of changed files whose document was taken over unchanged keep their
   * checks (their findings move with them); the others run all their checks again. Checks of other
   * objects that read a changed kind and namespace from the index run again.
   */
  private runChanges(index: ObjectIndex): void {
    const toRun: KubeObject[] = [];
    const changedKeys = new Set<Dependency>();
    // Which declaration of an object declared twice the index shows depends on the kustomizations.
    if (this.kustomizationDirsChanged) for (const key of index.copyDependencyKeys()) changedKeys.add(key);
    for (const [path, before] of this.pendingFiles) {
      const after = this.objectsByFile.get(path) ?? [];
      const kept = new Set<ObjectState>();
      const fresh: KubeObject[] = [];
      for (const object of after) {
        const state = this.states.get(object.key);
        if (state && this.relocate(state, object, index)) kept.add(state);
        else fresh.push(object);
      }
      // Checks that asked how many objects of a kind there are: only a different count concerns them.
      const counts = new Map<string, number>();
      for (const object of before) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
      for (const object of after) counts.set(object.kind, (counts.get(object.kind) ?? 0) - 1);
      for (const [kind, difference] of counts) if (difference !== 0) changedKeys.add(countKeyOf(kind));
      const gone: ObjectState[] = [];
      for (const object of before) {
        const state = this.states.get(object.key);
        if (state && state.object === object && !kept.has(state)) gone.push(state);
      }
      const beforeSignatures = new Set(gone.map((state) => signature(state.object, state.span)));
      const afterSignatures = new Set(fresh.map((object) => signature(object, nodeSpan(object.node))));
      for (const state of gone) {
        if (!afterSignatures.has(signature(state.object, state.span)))
          for (const key of dependencyKeysOf(state.object)) changedKeys.add(key);
        this.forgetObject(state);
      }
      for (const object of fresh) {
        // An object declared twice may have changed places with its copy: the index may show the other one.
        if (!beforeSignatures.has(signature(object, nodeSpan(object.node))) || index.hasCopies(object))
          for (const key of dependencyKeysOf(object)) changedKeys.add(key);
        toRun.push(object);
      }
    }
    const rerun = new Set(toRun.map((object) => object.key));
    const staleRecords = new Set<UnitRecord>();
    for (const key of changedKeys) {
      for (const record of this.dependentsByKey.get(key) ?? []) {
        if (record.owner && !rerun.has(record.owner.object.key)) staleRecords.add(record);
      }
    }
    for (const record of staleRecords) this.forgetRecord(record);
    for (const object of toRun) this.runObject(object, index);
    for (const record of staleRecords) this.rerunRecord(record, index);
  }

  /**
   * Takes the checks of an object over for the same object read from the next version of its file, when
   * its document is the same (its text unchanged, maybe moved): the findings move with the document.
   */
  private relocate(state: ObjectState, object: KubeObject, index: ObjectIndex): boolean {
    const before = state.object;
    if (before === object) return true;
    if (before.document.doc !== object.document.doc || before.path !== object.path) return false;
    const delta = object.document.start - state.docStart;
    const { docStart, docEnd } = state;
    const moves = (at: Span | undefined) => at === undefined || (at[0] >= docStart && at[1] <= docEnd);
    for (const record of state.records)
      for (const report of record.reports) if (!moves(report.at)) return false;
    const moved: Array<{ record: UnitRecord; reports: Report[]; findings: Finding[] }> = [];
    const contexts = new Map<string, UnitContext>();
    for (const record of state.records) {
      if (record.reports.length === 0) continue;
      const unit = this.unitFor(record.entry, object, record.unitId, index, contexts);
      if (!unit) return false;
      const reports =
        delta === 0
          ? record.reports
          : record.reports.map((report) =>
              report.at ? { ...report, at: [report.at[0] + delta, report.at[1] + delta] as Span } : report,
            );
      moved.push({
        record,
        reports,
        findings: this.findingsFor(record.entry, unit, reports, record.exemption),
      });
    }
    for (const { record, reports, findings } of moved) {
      record.reports = reports;
      record.findings = findings;
    }
    state.object = object;
    state.docStart = object.document.start;
    state.docEnd = object.document.end;
    state.span = nodeSpan(object.node);
    this.dirtyFiles.add(object.file.path);
    return true;
  }

  /** One local unit of an object, as `localUnits` gives it (contexts shared through `contexts`). */
  private unitFor(
    entry: EnabledControl,
    object: KubeObject,
    unitId: string,
    index: ObjectIndex,
    contexts: Map<string, UnitContext>,
  ): Unit | undefined {
    const { settings, sink } = this;
    const scope = entry.control.meta.scope;
    const podSpec = object.podSpec;
    const context = (key: string, make: () => UnitContext) => {
      let found = contexts.get(key);
      if (!found) {
        found = make();
        contexts.set(key, found);
      }
      return found;
    };
    if (scope === 'object') {
      const objectContext = context('object', () => ({ index, settings, object, report: sink }));
      return { id: object.key, scope, context: objectContext, object };
    }
    if (!podSpec) return undefined;
    if (scope === 'podSpec') {
      const podContext = context('podSpec', () => ({ index, settings, object, podSpec, report: sink }));
      return { id: object.key, scope, context: podContext, object };
    }
    for (const list of [podSpec.initContainers, podSpec.containers, podSpec.ephemeralContainers]) {
      for (const container of list) {
        const id = `${object.key}/${container.kind}[${container.index}]`;
        if (id !== unitId) continue;
        const containerContext = context(id, () => ({
          index,
          settings,
          object,
          podSpec,
          container,
          report: sink,
        }));
        return { id, scope, context: containerContext, object, container };
      }
    }
    return undefined;
  }

  /** The local units of an object, in control order. */
  private forEachLocalUnit(
    object: KubeObject,
    index: ObjectIndex,
    visit: (entry: EnabledControl, unit: Unit) => void,
  ): void {
    const { settings, sink } = this;
    const podSpec = object.podSpec;
    let objectContext: UnitContext | undefined;
    let podContext: UnitContext | undefined;
    let containerUnits: Map<ContainerRef, { id: string; context: UnitContext }> | undefined;
    const containerUnit = (container: ContainerRef) => {
      containerUnits ??= new Map();
      let unit = containerUnits.get(container);
      if (!unit) {
        unit = {
          id: `${object.key}/${container.kind}[${container.index}]`,
          context: { index, settings, object, podSpec, container, report: sink },
        };
        containerUnits.set(container, unit);
      }
      return unit;
    };
    for (const entry of this.localEnabled) {
      const scope = entry.control.meta.scope;
      if (scope === 'object') {
        if (entry.kinds && !entry.kinds.has(object.kind)) continue;
        objectContext ??= { index, settings, object, report: sink };
        visit(entry, { id: object.key, scope, context: objectContext, object });
        continue;
      }
      if (!podSpec) continue;
      if (scope === 'podSpec') {
        podContext ??= { index, settings, object, podSpec, report: sink };
        visit(entry, { id: object.key, scope, context: podContext, object });
        continue;
      }
      const lists = [
        entry.init ? podSpec.initContainers : NO_CONTAINERS,
        entry.main ? podSpec.containers : NO_CONTAINERS,
        entry.ephemeral ? podSpec.ephemeralContainers : NO_CONTAINERS,
      ];
      for (const list of lists) {
        for (const container of list) {
          const { id, context } = containerUnit(container);
          visit(entry, { id, scope, context, object, container });
        }
      }
    }
  }

  private runObject(object: KubeObject, index: ObjectIndex): void {
    const { start, end } = object.document;
    const state: ObjectState = {
      object,
      docStart: start,
      docEnd: end,
      span: nodeSpan(object.node),
      records: [],
      settled: [],
    };
    this.forEachLocalUnit(object, index, (entry, unit) => {
      const record = this.runUnit(entry, unit, index, state, state.settled);
      if (record) state.records.push(record);
    });
    this.states.set(object.key, state);
    this.dirtyFiles.add(object.file.path);
  }

  /** Runs one check of an object again, after something it read from the index changed. */
  private rerunRecord(stale: UnitRecord, index: ObjectIndex): void {
    const state = stale.owner!;
    const position = state.records.indexOf(stale);
    const unit = this.unitFor(stale.entry, state.object, stale.unitId, index, new Map());
    const replacement = unit && this.runUnit(stale.entry, unit, index, state);
    if (position >= 0) {
      if (replacement) state.records[position] = replacement;
      else state.records.splice(position, 1);
    } else if (replacement) {
      state.records.push(replacement);
    }
    this.dirtyFiles.add(state.object.file.path);
  }

  private forgetObject(state: ObjectState): void {
    for (const record of state.records) this.forgetRecord(record);
    state.records = [];
    for (const settled of state.settled) {
      const tally = this.tallies.get(this.enabled[settled >> 1].control.meta.id)!;
      if (settled & 1) tally.exempt--;
      else tally.passed--;
    }
    state.settled = [];
    if (this.states.get(state.object.key) === state) this.states.delete(state.object.key);
    this.dirtyFiles.add(state.object.file.path);
  }

  private forgetRecord(record: UnitRecord): void {
    for (const dependency of record.dependencies ?? []) this.dependentsByKey.get(dependency)?.delete(record);
    count(this.tallies.get(record.entry.control.meta.id)!, record, -1);
  }

  private runUnit(
    entry: EnabledControl,
    unit: Unit,
    index: ObjectIndex,
    owner?: ObjectState,
    /**
     * Where a local check that passed (or was exempt) without reporting or reading anything goes instead
     * of a record: nothing but a change to its object can change it (an incremental analyzer keeps it for
     * the tallies, a single run only counts it).
     */
    settled?: number[],
  ): UnitRecord | undefined {
    const { control, configured } = entry;
    const { meta } = control;
    let outcome: CheckResult;
    this.lastRunChecks++;
    const recorder = owner && this.incremental ? this.recorder : undefined;
    recorder?.clear();
    index.recorder = recorder;
    this.reports = undefined;
    try {
      outcome = (control as Control<Scope>).check(unit.context as never);
    } catch (error) {
      this.recordFailure(meta.id, `control ${meta.id} failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      index.recorder = undefined;
    }
    const reports = this.reports ?? NO_REPORTS;
    this.reports = undefined;
    const dependencies = recorder && recorder.size > 0 ? [...recorder] : undefined;
    const applicable = outcome !== NOT_APPLICABLE || reports.length > 0;
    // Not applicable and read nothing: nothing can make it apply but a change to its own object.
    if (!applicable && !dependencies) return undefined;
    const exemption = applicable ? this.exemptionOf(meta, unit) : undefined;
    if (settled && reports.length === 0 && !dependencies) {
      const tally = this.tallies.get(meta.id)!;
      if (exemption) tally.exempt++;
      else tally.passed++;
      if (this.incremental) settled.push(entry.position * 2 + (exemption ? 1 : 0));
      return undefined;
    }
    const record: UnitRecord = {
      entry,
      unitId: unit.id,
      owner,
      dependencies,
      outcome: !applicable
        ? 'not-applicable'
        : exemption
          ? 'exempt'
          : reports.length === 0
            ? 'passed'
            : 'failed',
      exemption,
      reports,
      findings: reports.length === 0 ? NO_FINDINGS : this.findingsFor(entry, unit, reports, exemption),
    };
    if (record.outcome === 'failed') {
      record.severity = mostSevere(reports.map((report) => configured ?? report.severity ?? meta.severity));
    }
    for (const dependency of dependencies ?? []) {
      let dependents = this.dependentsByKey.get(dependency);
      if (!dependents) {
        dependents = new Set();
        this.dependentsByKey.set(dependency, dependents);
      }
      dependents.add(record);
    }
    count(this.tallies.get(meta.id)!, record, 1);
    return record;
  }

  /** Why a check is exempt; objects with no exempting annotation or comment are looked at once. */
  private exemptionOf(meta: Control<Scope>['meta'], unit: Unit): Exemption | undefined {
    const object = unit.exemptionObject === undefined ? unit.object : (unit.exemptionObject ?? undefined);
    if (this.settings.exemptions.length === 0) {
      if (!object) return undefined;
      let possible = this.mayBeExempt.get(object);
      if (possible === undefined) {
        possible =
          hasExemptingAnnotation(object.annotations) ||
          (object.podSpec !== undefined && hasExemptingAnnotation(object.podSpec.templateAnnotations)) ||
          this.hasIgnoreComment(object.file);
        this.mayBeExempt.set(object, possible);
      }
      if (!possible) return undefined;
    }
    return findExemption(meta, this.settings, object, unit.container, unit.namespace);
  }

  private hasIgnoreComment(file: ParsedFile): boolean {
    let found = this.ignoreComments.get(file);
    if (found === undefined) {
      found = file.text.includes(IGNORE_COMMENT);
      this.ignoreComments.set(file, found);
    }
    return found;
  }

  private findingsFor(
    entry: EnabledControl,
    unit: Unit,
    reports: readonly Report[],
    exemption: Exemption | undefined,
  ): Finding[] {
    const { control, configured } = entry;
    return reports.map((report) =>
      this.toFinding(
        control,
        unit,
        report,
        configured ?? report.severity ?? control.meta.severity,
        exemption,
      ),
    );
  }

  private recordFailure(control: string, message: string): void {
    if (!this.failures.has(control)) this.failures.set(control, { control, message });
  }

  private toFinding(
    control: AnyControl,
    unit: Unit,
    report: Report,
    severity: Severity,
    exemption: Exemption | undefined,
  ): Finding {
    const { meta } = control;
    const subject = subjectOf(unit);
    const finding: Finding = {
      control: meta.id,
      stage: meta.stage,
      category: meta.category,
      severity,
      message: subject ? `${subject}: ${report.message}` : report.message,
    };
    if (exemption) finding.exempt = exemption;
    const file = unit.object?.file;
    if (!file || !unit.object) return finding;
    finding.file = file.path;
    const at = report.at ?? anchorOf(unit);
    if (at) finding.range = file.lines.range(at[0], at[1]);
    finding.object = objectRef(unit.object);
    if (unit.container) finding.container = unit.container.name;
    if (exemption || !control.fix || meta.fix === 'none') return finding;
    if (this.lazyFixes) {
      this.pendingFixes.set(finding, { control, unit, report, file });
      Object.defineProperty(finding, 'fix', this.lazyFix);
    } else {
      const { fix, withheld } = this.fixOf(control, unit, report, file);
      if (fix) finding.fix = fix;
      if (withheld) finding.fixWithheld = withheld;
    }
    return finding;
  }

  /** A finding's fix, or why none is offered when the control or the fixer said. */
  private fixOf(
    control: AnyControl,
    unit: Unit,
    report: Report,
    file: ParsedFile,
  ): { fix?: FindingFix; withheld?: string } {
    const { meta } = control;
    try {
      const fixer = new Fixer(file);
      (control as Control<Scope>).fix!(
        { ...unit.context, report: () => undefined } as never,
        fixer,
        report.data,
      );
      const edits = fixer.result();
      if (!edits) return { withheld: fixer.withheld };
      let fixClass = meta.fix as FixClass;
      // Changing an explicit value, a node other places alias, or behaviour its control's fixes do not
      // usually change: never applied unattended.
      if (
        fixer.overriddenValues.length > 0 ||
        fixer.sharedAnchors.length > 0 ||
        fixer.behaviourChanges.length > 0
      )
        fixClass = stricterClass(fixClass, 'review');
      if (fixer.isDraftFix) fixClass = 'draft';
      return {
        fix: {
          class: fixClass,
          title: fixer.describeFix(meta.title),
          edits: edits.map((edit) => ({
            range: file.lines.range(edit.start, edit.end),
            newText: edit.newText,
          })),
        },
      };
    } catch (error) {
      this.recordFailure(meta.id, `fix of ${meta.id} failed: ${(error as Error).message}`);
      return {};
    }
  }

  private orderOf(control: string): number {
    return this.controlOrder.get(control)!;
  }

  private get controlOrder(): Map<string, number> {
    this.controlOrderCache ??= new Map(this.enabled.map((entry) => [entry.control.meta.id, entry.order]));
    return this.controlOrderCache;
  }
  private controlOrderCache?: Map<string, number>;

  /** The findings of a file's own objects: by position, then control, then object and unit order. */
  private rebuildLocalFindings(path: string, controlOrder: (finding: Finding) => number): void {
    const objects = this.objectsByFile.get(path);
    if (!objects) {
      this.localFindings.delete(path);
      return;
    }
    const findings: Finding[] = [];
    for (const object of objects) {
      const state = this.states.get(object.key);
      if (!state) continue;
      for (const record of state.records) for (const finding of record.findings) findings.push(finding);
    }
    if (findings.length === 0) this.localFindings.delete(path);
    else
      this.localFindings.set(
        path,
        findings.sort((a, b) => byPosition(a, b) || controlOrder(a) - controlOrder(b)),
      );
  }

  /** A file's findings: its objects' and those of namespace checks anchored in it. */
  private mergedFindings(path: string): Finding[] {
    const local = this.localFindings.get(path) ?? NO_FINDINGS;
    const global = this.globalFindings.get(path);
    if (!global) return local;
    return [...local, ...global].sort(
      (a, b) => byPosition(a, b) || this.orderOf(a.control) - this.orderOf(b.control),
    );
  }

  private buildResult(objects: KubeObject[]): AnalysisResult {
    // A snapshot: later changes to the analyzer do not reach a result already returned.
    const files = this.orderedPaths().map((path) => this.files.get(path)!);
    const patches = new Map(this.patches);
    const perFile = files.map((file) => this.mergedFindings(file.path));
    const workspaceFindings = [...(this.globalFindings.get('') ?? [])].sort(
      (a, b) => this.orderOf(a.control) - this.orderOf(b.control),
    );
    let findings: Finding[] | undefined;
    let problems: ReportedProblem[] | undefined;
    let skipped: Array<{ file: string; reason: string }> | undefined;
    let analyzedFiles: number | undefined;
    const fileSummary = () => {
      problems = [];
      skipped = [];
      analyzedFiles = 0;
      for (const file of files) {
        const reason = file.skipped ?? patches.get(file.path);
        if (reason) {
          skipped.push({ file: file.path, reason });
          continue;
        }
        analyzedFiles++;
        for (const problem of file.problems) problems.push(reportedProblem(file, problem));
      }
    };
    const result = {
      objects,
      tallies: this.enabled.map((entry) => ({ ...this.tallies.get(entry.control.meta.id)! })),
      controlFailures: [...this.failures.values()],
    } as AnalysisResult;
    // Computed when first read: the language server reads them per file instead.
    lazyProperty(result, 'findings', () => {
      findings ??= [...perFile.flat(), ...workspaceFindings];
      return findings;
    });
    lazyProperty(result, 'problems', () => {
      if (!problems) fileSummary();
      return problems!;
    });
    lazyProperty(result, 'skipped', () => {
      if (!skipped) fileSummary();
      return skipped!;
    });
    lazyProperty(result, 'analyzedFiles', () => {
      if (analyzedFiles === undefined) fileSummary();
      return analyzedFiles!;
    });
    return result;
  }
}

const NO_CONTAINERS: ContainerRef[] = [];

function reportedProblem(file: ParsedFile, problem: FileProblem): ReportedProblem {
  return {
    file: file.path,
    kind: problem.kind,
    message: problem.message,
    range: problem.span ? file.lines.range(problem.span[0], problem.span[1]) : undefined,
  };
}

function byPosition(a: Finding, b: Finding): number {
  return (
    (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
    (a.range?.start.character ?? 0) - (b.range?.start.character ?? 0)
  );
}

/** An enumerable property computed on first read, then a plain value (assignable, like any other). */
function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, configurable: true, enumerable: true, writable: true });
      return value;
    },
    set(value: T[K]) {
      Object.defineProperty(target, key, { value, configurable: true, enumerable: true, writable: true });
    },
  });
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

function count(tally: CheckTally, record: UnitRecord, delta: 1 | -1): void {
  if (record.outcome === 'not-applicable') return;
  if (record.outcome === 'passed') tally.passed += delta;
  else if (record.outcome === 'exempt') tally.exempt += delta;
  else {
    tally.failed += delta;
    if (record.severity === 'error') tally.failedErrors += delta;
    else if (record.severity === 'warning') tally.failedWarnings += delta;
    else tally.failedInfos += delta;
  }
}

/** Runs every enabled control over the objects of the given files, once. */
export function analyze(
  files: readonly ParsedFile[],
  settings: Settings,
  controls: readonly AnyControl[],
): AnalysisResult {
  const analyzer = new Analyzer(settings, controls);
  for (const file of files) analyzer.setFile(file);
  return analyzer.run();
}

function objectAnchor(object: KubeObject): Span | undefined {
  const metadata = get(object.node, 'metadata');
  return spanOfKey(metadata as never, 'name') ?? spanOfKey(object.node, 'kind');
}

function containerAnchor(container: ContainerRef): Span | undefined {
  const name = spanOfKey(container.node, 'name');
  if (name) return name;
  const first = container.node.items[0];
  return first ? keySpan(first as never) : nodeSpan(container.node);
}

function podSpecAnchor(object: KubeObject): Span | undefined {
  const podSpec = object.podSpec;
  if (!podSpec) return objectAnchor(object);
  if (podSpec.templateNode === object.node) return objectAnchor(object);
  const specPair = getPair(podSpec.templateNode, 'spec');
  return specPair ? keySpan(specPair) : objectAnchor(object);
}

function containerLabel(container: ContainerRef): string {
  const kind =
    container.kind === 'initContainer'
      ? 'init container'
      : container.kind === 'ephemeralContainer'
        ? 'ephemeral container'
        : 'container';
  return `${kind} ${container.name || '(unnamed)'}`;
}

/** What a finding's message names: the object, and the container for container checks. */
function subjectOf(unit: Unit): string | undefined {
  if (unit.subject !== undefined || !unit.object || unit.scope === 'namespace' || unit.scope === 'workspace')
    return unit.subject;
  const object = describeObject(unit.object);
  return unit.container ? `${object}, ${containerLabel(unit.container)}` : object;
}

/** Where a finding without a position of its own goes. */
function anchorOf(unit: Unit): Span | undefined {
  if (unit.anchored || !unit.object) return unit.anchor;
  if (unit.scope === 'object') return objectAnchor(unit.object);
  if (unit.scope === 'podSpec') return podSpecAnchor(unit.object);
  return unit.container ? containerAnchor(unit.container) : undefined;
}

/** The units of a namespace- or workspace-scoped control: re-run on every change, they are few. */
function* unitsOf(
  control: AnyControl,
  index: ObjectIndex,
  settings: Settings,
  report: (report: Report) => void,
): Generator<Unit> {
  const scope = control.meta.scope;
  if (scope === 'namespace') {
    const byNamespace = new Map<string, KubeObject[]>();
    for (const workload of index.workloads()) {
      const list = byNamespace.get(workload.namespace);
      if (list) list.push(workload);
      else byNamespace.set(workload.namespace, [workload]);
    }
    for (const [namespace, workloads] of byNamespace) {
      const namespaceObject = index
        .ofKind('Namespace')
        .find((object) => object.name === namespace && namespace !== '');
      const object = namespaceObject ?? workloads[0];
      const anchor = namespaceObject
        ? objectAnchor(namespaceObject)
        : (spanOfKey(get(object.node, 'metadata') as never, 'namespace') ?? objectAnchor(object));
      yield {
        id: `namespace:${namespace}`,
        scope,
        context: { index, settings, namespace, workloads, object, report },
        object,
        subject: namespace ? `namespace ${namespace}` : 'the unnamed namespace',
        anchor,
        anchored: true,
        exemptionObject: namespaceObject ?? null,
        namespace,
      };
    }
  } else if (scope === 'workspace' && index.objects.length > 0) {
    yield { id: 'workspace', scope, context: { index, settings, report }, anchored: true };
  }
}
