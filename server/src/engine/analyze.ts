import type { Settings } from './config';
import {
  type AnyControl,
  type Category,
  type CheckResult,
  type Control,
  NOT_APPLICABLE,
  type Report,
  type Scope,
  type Severity,
  type Span,
  type Stage,
  spanOfKey,
} from './control';
import { Fixer } from './fixer';
import { isKustomization, kustomizePatchReasons } from './kustomize';
import {
  type ContainerRef,
  describeObject,
  extractObjects,
  type KubeObject,
  type ObjectRef,
  objectRef,
} from './model';
import { get, getPair, keySpan, nodeSpan } from './nodes';
import { type Dependency, dependencyKeysOf, ObjectIndex } from './objectIndex';
import type { FileProblem, ParsedFile } from './parse';
import { type Exemption, findExemption } from './suppress';
import type { Range, TextEdit } from './text';

export interface FindingFix {
  kind: 'auto' | 'suggested';
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

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function mostSevere(severities: Iterable<Severity>): Severity | undefined {
  let result: Severity | undefined;
  for (const severity of severities) {
    if (!result || SEVERITY_RANK[severity] > SEVERITY_RANK[result]) result = severity;
  }
  return result;
}

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** One unit a control is evaluated on, with the context its check receives. */
interface Unit {
  id: string;
  context: { index: ObjectIndex; settings: Settings; [key: string]: unknown };
  object?: KubeObject;
  container?: ContainerRef;
  subject?: string;
  anchor?: Span;
  /** Whose annotations and comments can exempt the check, when not `object` (namespace checks). */
  exemptionObject?: KubeObject | null;
  namespace?: string;
}

/** The cached result of one check: a control evaluated on one unit. */
interface UnitRecord {
  key: string;
  unitId: string;
  control: string;
  /** The object a local check ran on. */
  objectKey?: string;
  /** What the check read from the index. */
  dependencies?: Set<Dependency>;
  /** 'not-applicable' checks count for nothing but are kept: what they read may make them apply later. */
  outcome: 'passed' | 'failed' | 'exempt' | 'not-applicable';
  severity?: Severity;
  findings: Finding[];
}

interface EnabledControl {
  control: AnyControl;
  configured?: Severity;
  order: number;
}

function isLocalScope(scope: Scope): boolean {
  return scope === 'container' || scope === 'podSpec' || scope === 'object';
}

/** What identifies an object's content: a change to it may change other objects' checks. */
function signature(object: KubeObject): string {
  const span = nodeSpan(object.node);
  return `${object.kind}|${object.namespace}|${object.name}|${span ? object.file.text.slice(span[0], span[1]) : ''}`;
}

/**
 * Runs every enabled control over the objects of a workspace, and keeps the result of each check so that
 * a changed file re-runs only the checks of its own objects and of the objects whose checks read what
 * changed (recorded by the ObjectIndex while each check runs). The CLI runs it once over all files; the
 * language server keeps one and feeds it edits: both get the same findings and numbers.
 */
export class Analyzer {
  private readonly files = new Map<string, ParsedFile>();
  /** Files a kustomization applies as patches: partial objects, skipped with the reason. */
  private readonly patches = new Map<string, string>();
  private kustomizationsChanged = false;
  private readonly objectsByFile = new Map<string, KubeObject[]>();
  /** Files changed since the last run, with their objects before the change. */
  private readonly pendingFiles = new Map<string, KubeObject[]>();
  private readonly units = new Map<string, UnitRecord>();
  private readonly unitsByObject = new Map<string, string[]>();
  /** Checks (unit keys) by what they read from the index. */
  private readonly dependentsByKey = new Map<Dependency, Set<string>>();
  private readonly globalUnits = new Set<string>();
  private readonly tallies = new Map<string, CheckTally>();
  private readonly failures = new Map<string, ControlFailure>();
  private readonly enabled: EnabledControl[] = [];
  private cached?: AnalysisResult;
  private firstRun = true;
  /** Checks run by the last `run`: what a change cost. */
  lastRunChecks = 0;

  constructor(
    private readonly settings: Settings,
    controls: readonly AnyControl[],
  ) {
    controls.forEach((control, order) => {
      const configured = settings.severities[control.meta.id];
      if (configured === 'off') return;
      this.enabled.push({ control, configured, order });
      this.tallies.set(control.meta.id, emptyTally(control));
    });
  }

  setFile(file: ParsedFile): void {
    if (!this.pendingFiles.has(file.path))
      this.pendingFiles.set(file.path, this.objectsByFile.get(file.path) ?? []);
    if (!this.files.has(file.path) || isKustomization(file.path)) this.kustomizationsChanged = true;
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
    this.files.delete(path);
    this.objectsByFile.delete(path);
    this.patches.delete(path);
    if (isKustomization(path)) this.kustomizationsChanged = true;
    this.cached = undefined;
  }

  /** Marks the files kustomizations apply as patches (and unmarks the ones they no longer do). */
  private refreshKustomizePatches(): void {
    if (!this.kustomizationsChanged) return;
    this.kustomizationsChanged = false;
    const reasons = kustomizePatchReasons([...this.files.values()]);
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

  run(): AnalysisResult {
    if (this.cached) return this.cached;
    this.refreshKustomizePatches();
    this.lastRunChecks = 0;
    const objects = [...this.objectsByFile.values()].flat();
    const index = new ObjectIndex(objects);

    // Objects of changed files: every check runs again. Checks of other objects that read a changed
    // kind and namespace from the index: only those checks run again.
    const staleObjects = new Set<string>();
    const changedKeys = new Set<Dependency>();
    for (const [path, before] of this.pendingFiles) {
      const after = this.objectsByFile.get(path) ?? [];
      const beforeSignatures = new Set(before.map(signature));
      const afterSignatures = new Set(after.map(signature));
      for (const object of before) {
        staleObjects.add(object.key);
        if (!afterSignatures.has(signature(object)))
          for (const key of dependencyKeysOf(object)) changedKeys.add(key);
      }
      for (const object of after) {
        staleObjects.add(object.key);
        if (!beforeSignatures.has(signature(object)))
          for (const key of dependencyKeysOf(object)) changedKeys.add(key);
      }
    }
    this.pendingFiles.clear();
    const staleUnits = new Map<string, UnitRecord>();
    for (const key of changedKeys) {
      for (const unitKey of this.dependentsByKey.get(key) ?? []) {
        const record = this.units.get(unitKey);
        if (record?.objectKey && !staleObjects.has(record.objectKey)) staleUnits.set(unitKey, record);
      }
    }

    for (const key of staleObjects) this.forgetObject(key);
    for (const record of staleUnits.values()) this.forgetUnit(record.key);
    for (const key of this.globalUnits) this.forgetUnit(key);
    this.globalUnits.clear();

    const objectsByKey = new Map(objects.map((object) => [object.key, object]));
    const toRun = this.firstRun ? objects : objects.filter((object) => staleObjects.has(object.key));
    this.firstRun = false;
    for (const object of toRun) this.runObject(object, index);
    for (const record of staleUnits.values()) this.rerunUnit(record, objectsByKey, index);
    for (const entry of this.enabled) {
      if (isLocalScope(entry.control.meta.scope)) continue;
      for (const unit of unitsOf(entry.control, index, this.settings)) {
        const record = this.runUnit(entry, unit, index);
        if (record) this.globalUnits.add(record.key);
      }
    }
    this.cached = this.buildResult(objects);
    return this.cached;
  }

  private runObject(object: KubeObject, index: ObjectIndex): void {
    const keys: string[] = [];
    for (const entry of this.enabled) {
      if (!isLocalScope(entry.control.meta.scope)) continue;
      for (const unit of localUnitsOf(entry.control, object, index, this.settings)) {
        const record = this.runUnit(entry, unit, index, object);
        if (record) keys.push(record.key);
      }
    }
    this.unitsByObject.set(object.key, keys);
  }

  /** Runs one check of an object again, after something it read from the index changed. */
  private rerunUnit(stale: UnitRecord, objectsByKey: Map<string, KubeObject>, index: ObjectIndex): void {
    const object = objectsByKey.get(stale.objectKey!);
    const entry = this.enabled.find((candidate) => candidate.control.meta.id === stale.control);
    if (!object || !entry) return;
    for (const unit of localUnitsOf(entry.control, object, index, this.settings)) {
      if (unit.id !== stale.unitId) continue;
      const record = this.runUnit(entry, unit, index, object);
      const keys = this.unitsByObject.get(object.key)!;
      if (record && !keys.includes(record.key)) keys.push(record.key);
    }
  }

  private forgetObject(objectKey: string): void {
    for (const key of this.unitsByObject.get(objectKey) ?? []) this.forgetUnit(key);
    this.unitsByObject.delete(objectKey);
  }

  private forgetUnit(key: string): void {
    const record = this.units.get(key);
    if (!record) return;
    this.units.delete(key);
    for (const dependency of record.dependencies ?? []) this.dependentsByKey.get(dependency)?.delete(key);
    count(this.tallies.get(record.control)!, record, -1);
  }

  private runUnit(
    entry: EnabledControl,
    unit: Unit,
    index: ObjectIndex,
    owner?: KubeObject,
  ): UnitRecord | undefined {
    const { control, configured } = entry;
    const { meta } = control;
    const reports: Report[] = [];
    let outcome: CheckResult;
    this.lastRunChecks++;
    const dependencies = owner ? new Set<Dependency>() : undefined;
    index.recorder = dependencies;
    try {
      outcome = (control as Control<Scope>).check({
        ...unit.context,
        report: (report: Report) => reports.push(report),
      } as never);
    } catch (error) {
      this.recordFailure(meta.id, `control ${meta.id} failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      index.recorder = undefined;
    }
    const applicable = outcome !== NOT_APPLICABLE || reports.length > 0;
    const exemptionObject =
      unit.exemptionObject === undefined ? unit.object : (unit.exemptionObject ?? undefined);
    const exemption = applicable
      ? findExemption(meta, this.settings, exemptionObject, unit.container, unit.namespace)
      : undefined;
    const record: UnitRecord = {
      key: `${meta.id}@${unit.id}`,
      unitId: unit.id,
      control: meta.id,
      objectKey: owner?.key,
      dependencies,
      outcome: !applicable
        ? 'not-applicable'
        : exemption
          ? 'exempt'
          : reports.length === 0
            ? 'passed'
            : 'failed',
      findings: [],
    };
    const severities: Severity[] = [];
    for (const report of reports) {
      const severity = configured ?? report.severity ?? meta.severity;
      severities.push(severity);
      record.findings.push(this.toFinding(control, unit, report, severity, exemption));
    }
    if (record.outcome === 'failed') record.severity = mostSevere(severities);
    this.units.set(record.key, record);
    for (const dependency of dependencies ?? []) {
      let dependents = this.dependentsByKey.get(dependency);
      if (!dependents) {
        dependents = new Set();
        this.dependentsByKey.set(dependency, dependents);
      }
      dependents.add(record.key);
    }
    count(this.tallies.get(meta.id)!, record, 1);
    return record;
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
    const finding: Finding = {
      control: meta.id,
      stage: meta.stage,
      category: meta.category,
      severity,
      message: unit.subject ? `${unit.subject}: ${report.message}` : report.message,
    };
    if (exemption) finding.exempt = exemption;
    const file = unit.object?.file;
    if (!file || !unit.object) return finding;
    finding.file = file.path;
    const at = report.at ?? unit.anchor;
    if (at) finding.range = file.lines.range(at[0], at[1]);
    finding.object = objectRef(unit.object);
    if (unit.container) finding.container = unit.container.name;
    if (exemption || !control.fix || meta.fix === 'none') return finding;
    try {
      const fixer = new Fixer(file);
      (control as Control<Scope>).fix!(
        { ...unit.context, report: () => undefined } as never,
        fixer,
        report.data,
      );
      const edits = fixer.result();
      if (edits) {
        finding.fix = {
          kind: meta.fix,
          edits: edits.map((edit) => ({
            range: file.lines.range(edit.start, edit.end),
            newText: edit.newText,
          })),
        };
      }
    } catch (error) {
      this.recordFailure(meta.id, `fix of ${meta.id} failed: ${(error as Error).message}`);
    }
    return finding;
  }

  private buildResult(objects: KubeObject[]): AnalysisResult {
    const result: AnalysisResult = {
      objects,
      findings: [],
      tallies: this.enabled.map((entry) => ({ ...this.tallies.get(entry.control.meta.id)! })),
      problems: [],
      skipped: [],
      analyzedFiles: 0,
      controlFailures: [...this.failures.values()],
    };
    for (const file of this.files.values()) {
      const skipped = file.skipped ?? this.patches.get(file.path);
      if (skipped) {
        result.skipped.push({ file: file.path, reason: skipped });
        continue;
      }
      result.analyzedFiles++;
      for (const problem of file.problems) {
        result.problems.push({
          file: file.path,
          kind: problem.kind,
          message: problem.message,
          range: problem.span ? file.lines.range(problem.span[0], problem.span[1]) : undefined,
        });
      }
    }
    for (const record of this.units.values()) result.findings.push(...record.findings);
    const controlOrder = new Map(this.enabled.map((entry) => [entry.control.meta.id, entry.order]));
    const fileOrder = new Map([...this.files.keys()].map((path, position) => [path, position]));
    const filePosition = (finding: Finding) =>
      finding.file === undefined ? Number.MAX_SAFE_INTEGER : (fileOrder.get(finding.file) ?? 0);
    result.findings.sort(
      (a, b) =>
        filePosition(a) - filePosition(b) ||
        (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0) ||
        (a.range?.start.character ?? 0) - (b.range?.start.character ?? 0) ||
        controlOrder.get(a.control)! - controlOrder.get(b.control)!,
    );
    return result;
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
  return `${kind} "${container.name}"`;
}

/** The units of a container-, pod-spec- or object-scoped control on one object. */
function* localUnitsOf(
  control: AnyControl,
  object: KubeObject,
  index: ObjectIndex,
  settings: Settings,
): Generator<Unit> {
  const { meta } = control;
  if (meta.scope === 'object') {
    if (meta.kinds && !meta.kinds.includes(object.kind)) return;
    yield {
      id: object.key,
      context: { index, settings, object },
      object,
      subject: describeObject(object),
      anchor: objectAnchor(object),
    };
    return;
  }
  const podSpec = object.podSpec;
  if (!podSpec) return;
  if (meta.scope === 'podSpec') {
    yield {
      id: object.key,
      context: { index, settings, object, podSpec },
      object,
      subject: describeObject(object),
      anchor: podSpecAnchor(object),
    };
    return;
  }
  const kinds = meta.containerKinds ?? ['container'];
  const containers = [
    ...(kinds.includes('initContainer') ? podSpec.initContainers : []),
    ...(kinds.includes('container') ? podSpec.containers : []),
    ...(kinds.includes('ephemeralContainer') ? podSpec.ephemeralContainers : []),
  ];
  for (const container of containers) {
    yield {
      id: `${object.key}/${container.kind}[${container.index}]`,
      context: { index, settings, object, podSpec, container },
      object,
      container,
      subject: `${describeObject(object)}, ${containerLabel(container)}`,
      anchor: containerAnchor(container),
    };
  }
}

/** The units of a namespace- or workspace-scoped control: re-run on every change, they are few. */
function* unitsOf(control: AnyControl, index: ObjectIndex, settings: Settings): Generator<Unit> {
  if (control.meta.scope === 'namespace') {
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
        context: { index, settings, namespace, workloads, object },
        object,
        subject: namespace ? `namespace "${namespace}"` : 'the unnamed namespace',
        anchor,
        exemptionObject: namespaceObject ?? null,
        namespace,
      };
    }
  } else if (control.meta.scope === 'workspace' && index.objects.length > 0) {
    yield { id: 'workspace', context: { index, settings } };
  }
}
