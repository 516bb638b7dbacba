import type { YAMLMap } from 'yaml';
import { CheckCache, type ObjectState, signature, type UnitRecord } from './checkCache';
import type { Settings } from './config';
import {
  type AnyControl,
  type CheckResult,
  mostSevere,
  NOT_APPLICABLE,
  type Report,
  type Span,
} from './control';
import { DormantObject } from './dormantFiles';
import { type FileChanges, FileSet } from './fileSet';
import { type FixSource, fixFor } from './findingFix';
import { anchorOf, findingOf } from './findings';
import type { ContainerRef, KubeObject } from './model';
import { nodeSpan, observeMissedKeys } from './nodes';
import { countKeyOf, type Dependency, dependencyKeysOf, ObjectIndex } from './objectIndex';
import type { ParsedFile } from './parse';
import {
  type AnalysisResult,
  AnalysisSnapshot,
  byPosition,
  type ControlFailure,
  type Finding,
  type FixOutcome,
  type ReportedProblem,
} from './result';
import { misspelledFieldsOf } from './schema';
import { type Exemption, findExemption, hasExemptingAnnotation, IGNORE_COMMENT } from './suppress';
import { type CheckPlace, Tallies } from './tallies';
import {
  checkContext,
  type EnabledControl,
  enableControls,
  isLocalScope,
  ObjectUnits,
  sharedUnitsOf,
  type Unit,
} from './units';

export { mostSevere } from './control';
export type {
  AnalysisResult,
  CheckTally,
  ControlFailure,
  Finding,
  FindingFix,
  FixOutcome,
  ReportedProblem,
} from './result';

export interface AnalyzerOptions {
  /**
   * Compute a finding's fix when it is asked for (`fixOf`) rather than with the finding (the language
   * server: most fixes are never asked for). The fix is the same; it is computed from the analysis it
   * belongs to.
   */
  lazyFixes?: boolean;
  /**
   * Keep what every check read, so that a later run re-runs only what a change affects (the default).
   * Without it (the CLI's single run), a later run analyses everything again.
   */
  incremental?: boolean;
  /**
   * One shard of a parallel run (shard.ts): the analyzer holds the shard's files, its index every object
   * of the workspace (`indexObjects`, given the shard's own in path order), and only the shard that has
   * `sharedChecks` runs the namespace and workspace checks; their findings are kept apart
   * (`sharedFindings`) rather than merged into the files'.
   */
  shard?: {
    indexObjects(own: readonly KubeObject[]): readonly KubeObject[];
    sharedChecks: boolean;
  };
  /**
   * Keep which object checks reported, not what: a file's findings (with their fixes) are made each time
   * they are read (`findingsOf`, the result's `eachFinding`), by running those checks again, and kept by
   * nobody. For one run whose report reads each finding once (the CLI): memory then holds the tallies and
   * a unit per failed check, not every report, finding and fix. Only with `incremental: false`.
   */
  findingsOnDemand?: boolean;
  /**
   * Which files stay parsed (the language server's open documents): the others are held as text, their
   * objects as summaries parsed again when a check or a fix reads their nodes (dormantFiles.ts). Without
   * it every file stays parsed.
   */
  keepParsed?: (path: string) => boolean;
}

const NO_REPORTS: Report[] = [];
const NO_FINDINGS: Finding[] = [];
const NO_OBJECTS: KubeObject[] = [];

/**
 * Runs every enabled control over the objects of a workspace, and keeps the result of each check so that
 * a changed file re-runs only the checks of its own objects and of the objects whose checks read what
 * changed (recorded by the ObjectIndex while each check runs). An object whose document was taken over
 * unchanged from the previous version of its file (see parseFile) keeps its checks: its findings move
 * with it. The CLI runs it once over all files; the language server keeps one and feeds it edits: both
 * get the same findings and numbers.
 */
export class Analyzer {
  private readonly files: FileSet;
  private readonly cache = new CheckCache();
  private globalRecords: UnitRecord[] = [];
  private globalFindings = new Map<string, Finding[]>();
  private readonly tallies: Tallies;
  private readonly failures = new Map<string, ControlFailure>();
  private readonly enabled: EnabledControl[];
  private readonly localEnabled: EnabledControl[];
  private readonly controlOrder: Map<string, number>;
  private readonly mayBeExempt = new WeakMap<KubeObject, boolean>();
  private readonly ignoreComments = new WeakMap<ParsedFile, boolean>();
  /** Lazy fixes: what computes each finding's fix, and the fixes computed so far. */
  private readonly fixSources = new WeakMap<Finding, FixSource>();
  private readonly fixes = new WeakMap<Finding, FixOutcome>();
  private readonly lazyFixes: boolean;
  private readonly incremental: boolean;
  private readonly shard: AnalyzerOptions['shard'];
  private readonly findingsOnDemand: boolean;
  /** The checks as the last run left them, which its result makes findings from. */
  private lastView?: RunView;
  private cached?: AnalysisResult;
  private firstRun = true;
  /** Checks run by the last `run`: what a change cost. */
  lastRunChecks = 0;
  /**
   * unknown-field, when on: a finding about a missing field then names its misspelling (the schema is
   * read), unless the object is exempt from unknown-field.
   */
  private readonly unknownField: AnyControl['meta'] | undefined;

  constructor(
    private readonly settings: Settings,
    controls: readonly AnyControl[],
    options: AnalyzerOptions = {},
  ) {
    this.files = new FileSet(options.keepParsed);
    this.lazyFixes = options.lazyFixes ?? false;
    this.incremental = options.incremental ?? true;
    this.shard = options.shard;
    this.findingsOnDemand = options.findingsOnDemand ?? false;
    // What a later run would take back of a check is not kept.
    if (this.findingsOnDemand && this.incremental)
      throw new Error('findings made on demand are for one run (incremental: false)');
    this.enabled = enableControls(settings, controls);
    this.localEnabled = this.enabled.filter((entry) => isLocalScope(entry.control.meta.scope));
    this.controlOrder = new Map(this.enabled.map((entry) => [entry.control.meta.id, entry.order]));
    this.tallies = new Tallies(this.enabled);
    this.unknownField = this.enabled.find((entry) => entry.control.meta.id === 'unknown-field')?.control.meta;
  }

  setFile(file: ParsedFile): void {
    this.files.set(file);
    this.cached = undefined;
  }

  removeFile(path: string): void {
    if (!this.files.remove(path)) return;
    this.cached = undefined;
  }

  /**
   * The files a render stands for (a chart's templates, the bases of a built kustomization), with why
   * each is not analysed itself: they stay held (open documents, their text) but their objects are not
   * checked; the rendered documents are set as files of their own.
   */
  setRenderedAway(reasons: ReadonlyMap<string, string>): void {
    this.files.setRenderedAway(reasons);
    this.cached = undefined;
  }

  /** A shard's view of the rest of the workspace: its kustomizations (parsed) and the paths of its files. */
  setOtherFiles(kustomizations: readonly ParsedFile[], paths: readonly string[]): void {
    this.files.setOthers(kustomizations, paths);
    this.cached = undefined;
  }

  /** The objects of a file, as the next run checks them (after the workspace's Kustomize layout). */
  objectsOf(path: string): readonly KubeObject[] | undefined {
    this.files.refreshKustomizePatches();
    return this.files.objectsOf(path);
  }

  /** A shard's namespace and workspace findings of the last run, by file ('' for the workspace's). */
  sharedFindings(): ReadonlyMap<string, Finding[]> {
    this.run();
    return this.globalFindings;
  }

  getFile(path: string): ParsedFile | undefined {
    return this.files.get(path);
  }

  get filePaths(): string[] {
    return this.files.paths;
  }

  /** Files with at least one Kubernetes object. */
  get manifestFileCount(): number {
    return this.files.manifestFileCount;
  }

  /** The findings of one file in the last run, in report order (what `run().findings` holds for it). */
  findingsOf(path: string): Finding[] {
    this.run();
    return this.mergedFindings(
      this.lastView!,
      this.files.objectsOf(path) ?? [],
      this.globalFindings.get(path),
    );
  }

  /** The problems of one file in the last run (syntax errors, wrong types). */
  problemsOf(path: string): ReportedProblem[] {
    return this.files.problemsOf(path);
  }

  /**
   * A finding's fix, or why none is offered: on the finding already unless fixes are lazy, computed on
   * the first ask then (from the analysis the finding belongs to).
   */
  fixOf(finding: Finding): FixOutcome {
    const known = this.fixes.get(finding);
    if (known) return known;
    const source = this.fixSources.get(finding);
    if (!source) return { fix: finding.fix, withheld: finding.fixWithheld };
    this.fixSources.delete(finding);
    const outcome = this.computeFix(source);
    this.fixes.set(finding, outcome);
    return outcome;
  }

  run(): AnalysisResult {
    if (this.cached) return this.cached;
    const changes = this.files.takeChanges();
    this.lastRunChecks = 0;
    const objects = this.files.objects();
    const index = ObjectIndex.of(
      this.shard ? this.shard.indexObjects(objects) : objects,
      this.files.kustomizationDirs,
    );

    if (!this.incremental && !this.firstRun) this.reset();
    if (this.firstRun) {
      this.firstRun = false;
      for (const object of objects) this.runObject(object, index);
    } else {
      this.runChanges(changes, index);
    }

    for (const record of this.globalRecords) this.forgetRecord(record);
    this.globalRecords = [];
    this.globalFindings = new Map();
    for (const entry of this.enabled) {
      if (isLocalScope(entry.control.meta.scope) || (this.shard && !this.shard.sharedChecks)) continue;
      for (const unit of sharedUnitsOf(entry.control, index)) {
        const record = this.runUnit(entry, unit, index);
        if (!record) continue;
        this.globalRecords.push(record);
        for (const finding of record.findings ?? NO_FINDINGS) {
          const key = finding.file ?? '';
          const list = this.globalFindings.get(key);
          if (list) list.push(finding);
          else this.globalFindings.set(key, [finding]);
        }
      }
    }
    this.cached = this.snapshot(objects, index);
    this.files.release();
    return this.cached;
  }

  /** Forgets every check: the next run is a first run. */
  private reset(): void {
    for (const key of this.cache.states.keys()) this.lastView?.keep(key);
    this.cache.clear();
    this.globalRecords = [];
    this.tallies.reset();
    this.firstRun = true;
  }

  /**
   * After the first run: the objects of changed files whose document was taken over unchanged keep their
   * checks (their findings move with them); the others run all their checks again. Checks of other
   * objects that read a changed kind and namespace from the index run again.
   */
  private runChanges(changes: FileChanges, index: ObjectIndex): void {
    const toRun: KubeObject[] = [];
    const changedKeys = new Set<Dependency>();
    // Which declaration of an object declared twice the index shows depends on the kustomizations.
    if (changes.kustomizationDirsChanged) for (const key of index.copyDependencyKeys()) changedKeys.add(key);
    for (const [path, before] of changes.files) {
      const after = this.files.objectsOf(path) ?? [];
      const kept = new Set<ObjectState>();
      const fresh: KubeObject[] = [];
      for (const object of after) {
        const state = this.cache.states.get(object.key);
        if (state && this.relocate(state, object)) kept.add(state);
        else fresh.push(object);
      }
      // Checks that asked how many objects of a kind there are: only a different count concerns them.
      const counts = new Map<string, number>();
      for (const object of before) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
      for (const object of after) counts.set(object.kind, (counts.get(object.kind) ?? 0) - 1);
      for (const [kind, difference] of counts) if (difference !== 0) changedKeys.add(countKeyOf(kind));
      const gone: ObjectState[] = [];
      for (const object of before) {
        const state = this.cache.states.get(object.key);
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
    const staleRecords = this.cache.staleRecords(changedKeys, new Set(toRun.map((object) => object.key)));
    for (const record of staleRecords) this.forgetRecord(record);
    for (const object of toRun) this.runObject(object, index);
    for (const record of staleRecords) this.rerunRecord(record, index);
  }

  /**
   * Takes the checks of an object over for the same object read from the next version of its file, when
   * its document is the same (its text unchanged, maybe moved): the reports move with the document.
   */
  private relocate(state: ObjectState, object: KubeObject): boolean {
    const before = state.object;
    if (before === object) return true;
    // A file held as text is parsed anew: its documents are never the next version's.
    if (before instanceof DormantObject || object instanceof DormantObject) return false;
    if (before.document.doc !== object.document.doc || before.path !== object.path) return false;
    this.lastView?.keep(before.key);
    const delta = object.document.start - state.docStart;
    const { docStart, docEnd } = state;
    const moves = (at: Span | undefined) => at === undefined || (at[0] >= docStart && at[1] <= docEnd);
    for (const record of state.records)
      for (const report of record.reports) if (!moves(report.at)) return false;
    const units = new ObjectUnits(object);
    for (const record of state.records)
      if (record.reports.length > 0 && !units.find(record.entry, record.unitId)) return false;
    if (delta !== 0)
      for (const record of state.records)
        record.reports = record.reports.map((report) =>
          report.at ? { ...report, at: [report.at[0] + delta, report.at[1] + delta] as Span } : report,
        );
    state.object = object;
    state.docStart = object.document.start;
    state.docEnd = object.document.end;
    state.span = nodeSpan(object.node);
    return true;
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
    const units = new ObjectUnits(object);
    for (const entry of this.localEnabled)
      units.forEach(entry, (unit) => {
        const record = this.runUnit(entry, unit, index, state);
        if (record) state.records.push(record);
      });
    this.lastView?.keep(object.key);
    this.cache.states.set(object.key, state);
  }

  /** Runs one check of an object again, after something it read from the index changed. */
  private rerunRecord(stale: UnitRecord, index: ObjectIndex): void {
    const state = stale.owner!;
    this.lastView?.keep(state.object.key);
    const position = state.records.indexOf(stale);
    const unit = new ObjectUnits(state.object).find(stale.entry, stale.unitId);
    // Re-run for what it read: it keeps a record even when it now passes reading nothing.
    const replacement = unit && this.runUnit(stale.entry, unit, index, state, false);
    if (position >= 0) {
      if (replacement) state.records[position] = replacement;
      else state.records.splice(position, 1);
    } else if (replacement) {
      state.records.push(replacement);
    }
  }

  private forgetObject(state: ObjectState): void {
    this.lastView?.keep(state.object.key);
    for (const record of state.records) this.forgetRecord(record);
    state.records = [];
    for (const settled of state.settled) this.tallies.count(settled, -1, state.object);
    state.settled = [];
    if (this.cache.states.get(state.object.key) === state) this.cache.states.delete(state.object.key);
  }

  private forgetRecord(record: UnitRecord): void {
    this.cache.untrack(record);
    this.tallies.count(record, -1, record.owner?.object ?? record.place);
  }

  /**
   * Runs one check with its own report list and, for a local check of an incremental analyzer, its own
   * index view recording what it reads. A local check that passed (or was exempt) reporting and reading
   * nothing becomes a settled outcome of its object instead of a record (`settle`): nothing but a change
   * to its object can change it.
   */
  private runUnit(
    entry: EnabledControl,
    unit: Unit,
    index: ObjectIndex,
    owner?: ObjectState,
    settle = owner !== undefined,
  ): UnitRecord | undefined {
    const { control, configured } = entry;
    const { meta } = control;
    this.lastRunChecks++;
    const reads = owner && this.incremental ? new Set<Dependency>() : undefined;
    const checked = this.checkUnit(entry, unit, reads ? index.recordingInto(reads) : index);
    if (!checked) return undefined;
    const { outcome, reported } = checked;
    const place = owner?.object ?? placeOf(unit);
    const dependencies = reads && reads.size > 0 ? [...reads] : undefined;
    const applicable = outcome !== NOT_APPLICABLE || reported.length > 0;
    // Not applicable and read nothing: nothing can make it apply but a change to its own object.
    if (!applicable && !dependencies) return undefined;
    const exemption = applicable ? this.exemptionOf(meta, unit) : undefined;
    if (settle && reported.length === 0 && !dependencies) {
      const settled = exemption ? entry.settledExempt : entry.settledPassed;
      this.tallies.count(settled, 1, place);
      if (this.incremental) owner!.settled.push(settled);
      return undefined;
    }
    const severity =
      reported.length > 0 && !exemption
        ? mostSevere(reported.map((report) => configured ?? report.severity ?? meta.severity))
        : undefined;
    if (this.findingsOnDemand && owner && reported.length > 0) {
      // Only which check reported is kept: its reports are made again when its findings are read.
      this.tallies.count({ control, outcome: exemption ? 'exempt' : 'failed', severity }, 1, place);
      owner.reportedEntries ??= [];
      owner.reportedUnits ??= [];
      owner.reportedEntries.push(entry);
      owner.reportedUnits.push(unit);
      return undefined;
    }
    const record: UnitRecord = {
      control,
      entry,
      unitId: unit.id,
      owner,
      dependencies,
      outcome: !applicable
        ? 'not-applicable'
        : exemption
          ? 'exempt'
          : reported.length === 0
            ? 'passed'
            : 'failed',
      exemption,
      reports: owner ? withAnchors(reported, unit) : reported,
    };
    if (owner && unit.container && reported.length > 0)
      record.container = { kind: unit.container.kind, name: unit.container.name };
    if (!owner && reported.length > 0)
      record.findings = this.findingsFor(entry, unit, index, reported, exemption);
    if (record.outcome === 'failed') record.severity = severity;
    if (!owner && place) record.place = place;
    this.cache.track(record);
    this.tallies.count(record, 1, place);
    return record;
  }

  /** What a check of a unit reports (with the misspellings of the fields it found missing); undefined when its control threw. */
  private checkUnit(
    entry: EnabledControl,
    unit: Unit,
    index: ObjectIndex,
  ): { outcome: CheckResult; reported: Report[] } | undefined {
    const { control } = entry;
    let reports: Report[] | undefined;
    const context = checkContext(unit, index, this.settings, (report) => {
      if (reports) reports.push(report);
      else reports = [report];
    });
    let outcome: CheckResult;
    // A field the check found missing may be there, misspelled: its findings say so.
    const misspelled = unit.object ? this.misspellingsOf(unit.object) : undefined;
    let misspellingsRead: Misspelling[] | undefined;
    try {
      // The context is the one built for the control's scope.
      outcome = misspelled
        ? observeMissedKeys(
            (map, key) => {
              const written = misspelled.get(map)?.get(key);
              if (!written || misspellingsRead?.some((read) => read.written === written && read.map === map))
                return;
              misspellingsRead ??= [];
              misspellingsRead.push({ written, field: key, map });
            },
            () => control.check(context as never),
          )
        : control.check(context as never);
    } catch (error) {
      this.recordFailure(control.meta.id, `control ${control.meta.id} failed: ${(error as Error).message}`);
      return undefined;
    }
    if (reports && misspellingsRead) reports = withMisspellings(reports, misspellingsRead, unit);
    return { outcome, reported: reports ?? NO_REPORTS };
  }

  /**
   * The misspelt fields of an object, by mapping, once per parse of it: none when unknown-field is off or
   * the object is exempt from it.
   */
  private misspellingsOf(given: KubeObject): Map<YAMLMap, Map<string, string>> | undefined {
    if (!this.unknownField) return undefined;
    // A dormant object's text never changes: that it has none is known without its parse.
    if (given instanceof DormantObject && this.misspellings.get(given) === null) return undefined;
    // By the parse the nodes are of: a dormant object's next check may read another parse of its text.
    const object = given instanceof DormantObject ? given.parsed() : given;
    let found = this.misspellings.get(object);
    if (found === undefined) {
      const fields = misspelledFieldsOf(object, this.settings);
      found =
        fields && !this.exemptionOf(this.unknownField, { id: '', scope: 'object', object }) ? fields : null;
      this.misspellings.set(object, found);
    }
    if (found === null && given !== object) this.misspellings.set(given, null);
    return found ?? undefined;
  }

  private readonly misspellings = new WeakMap<KubeObject, Map<YAMLMap, Map<string, string>> | null>();

  /** Why a check is exempt; objects with no exempting annotation or comment are looked at once. */
  private exemptionOf(meta: AnyControl['meta'], unit: Unit): Exemption | undefined {
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

  /** The findings of what a check reported, each with its fix unless exempt (or left for `fixOf`). */
  private findingsFor(
    entry: EnabledControl,
    unit: Unit,
    index: ObjectIndex,
    reports: readonly Report[],
    exemption: Exemption | undefined,
  ): Finding[] {
    const { control, configured } = entry;
    return reports.map((report) => {
      const finding = findingOf(
        control,
        unit,
        report,
        configured ?? report.severity ?? control.meta.severity,
        exemption,
      );
      const file = unit.object?.file;
      if (!file || exemption || !control.fix || control.meta.fix === 'none') return finding;
      const source: FixSource = { control, entry, unit, report, file, index };
      if (this.lazyFixes) {
        this.fixSources.set(finding, source);
        return finding;
      }
      const { fix, withheld } = this.computeFix(source);
      if (fix) finding.fix = fix;
      if (withheld) finding.fixWithheld = withheld;
      return finding;
    });
  }

  private computeFix(given: FixSource): FixOutcome {
    const source = parsedSource(given);
    if (!source) return { withheld: 'the file changed since this analysis: analyse it again for its fixes' };
    // A later parse of the file took the document over and moved its nodes: this result's text is gone.
    const document = source.unit.object?.document;
    if (document && (document.doc.range?.[0] ?? 0) !== document.start)
      return { withheld: 'the file changed since this analysis: analyse it again for its fixes' };
    try {
      return fixFor(source, this.settings);
    } catch (error) {
      const id = source.control.meta.id;
      this.recordFailure(id, `fix of ${id} failed: ${(error as Error).message}`);
      return {};
    }
  }

  private recordFailure(control: string, message: string): void {
    if (!this.failures.has(control)) this.failures.set(control, { control, message });
  }

  private orderOf(control: string): number {
    return this.controlOrder.get(control)!;
  }

  /**
   * The findings of a file's objects as a run left them, by position, then control, then object and unit
   * order, made anew: from its checks' reports, or by running the checks that reported again (findings
   * made on demand); with those of namespace checks anchored in the file.
   */
  private mergedFindings(
    view: RunView,
    objects: readonly KubeObject[],
    shared: readonly Finding[] | undefined,
  ): Finding[] {
    const findings: Finding[] = [];
    const { index } = view;
    for (const object of objects) {
      const state = view.stateOf(object.key);
      if (!state) continue;
      // Of a file held as text, without parsing it: its reports have their places (withAnchors).
      const dormant = state.object instanceof DormantObject;
      let units: ObjectUnits | undefined;
      for (const record of state.records) {
        if (record.reports.length === 0) continue;
        if (!dormant) units ??= new ObjectUnits(state.object);
        const unit = units ? units.find(record.entry, record.unitId) : unparsedUnit(state.object, record);
        if (!unit) continue;
        for (const finding of this.findingsFor(record.entry, unit, index, record.reports, record.exemption))
          findings.push(finding);
      }
      const reportedUnits = state.reportedUnits ?? [];
      reportedUnits.forEach((unit, position) => {
        const entry = state.reportedEntries![position];
        const reported = this.checkUnit(entry, unit, index)?.reported ?? NO_REPORTS;
        const exemption = this.exemptionOf(entry.control.meta, unit);
        for (const finding of this.findingsFor(entry, unit, index, reported, exemption))
          findings.push(finding);
      });
    }
    if (!this.shard && shared) for (const finding of shared) findings.push(finding);
    return findings.length === 0
      ? NO_FINDINGS
      : findings.sort((a, b) => byPosition(a, b) || this.orderOf(a.control) - this.orderOf(b.control));
  }

  /**
   * The result of this run. Its findings are made when read, from the checks as this run left them: a
   * later run keeps, before it changes them, the checks of the objects it changes (`RunView`).
   */
  private snapshot(objects: KubeObject[], index: ObjectIndex): AnalysisResult {
    const files = this.files.orderedPaths().map((path) => this.files.get(path)!);
    const objectsOfFile = files.map((file) => this.files.objectsOf(file.path) ?? NO_OBJECTS);
    const view = new RunView(this.cache.states, index);
    if (this.lastView) this.lastView.next = view;
    this.lastView = view;
    const shared = this.globalFindings;
    return new AnalysisSnapshot({
      objects,
      files,
      skipReasons: this.files.skipReasonsSnapshot(),
      findingsOfFile: (position) =>
        this.mergedFindings(view, objectsOfFile[position], shared.get(files[position].path)),
      workspaceFindings: [...((!this.shard && shared.get('')) || [])].sort(
        (a, b) => this.orderOf(a.control) - this.orderOf(b.control),
      ),
      tallies: this.tallies.snapshot(),
      breakdown: this.tallies.breakdown(),
      controlFailures: () => [...this.failures.values()],
    });
  }
}

/** What a result reads of an object's checks. */
interface StateView {
  object: KubeObject;
  records: ReadonlyArray<Pick<UnitRecord, 'entry' | 'unitId' | 'reports' | 'exemption' | 'container'>>;
  reportedEntries?: readonly EnabledControl[];
  reportedUnits?: readonly Unit[];
}

/**
 * The objects' checks as one run left them, for its result to make findings from when it is read. The
 * next run copies here the checks of an object before it changes or drops them (`keep`); what it leaves
 * is read through the next run's view, down to the analyzer's current checks.
 */
class RunView {
  private readonly kept = new Map<string, StateView | undefined>();
  next?: RunView;

  constructor(
    private readonly states: ReadonlyMap<string, ObjectState>,
    readonly index: ObjectIndex,
  ) {}

  stateOf(key: string): StateView | undefined {
    for (let view: RunView | undefined = this; view; view = view.next)
      if (view.kept.has(key)) return view.kept.get(key);
    return this.states.get(key);
  }

  /** Before a later run changes the checks of the object with this key (or replaces it). */
  keep(key: string): void {
    if (this.kept.has(key)) return;
    const state = this.states.get(key);
    this.kept.set(
      key,
      state && {
        object: state.object,
        records: state.records.map(({ entry, unitId, reports, exemption, container }) => ({
          entry,
          unitId,
          reports,
          exemption,
          container,
        })),
        reportedEntries: state.reportedEntries,
        reportedUnits: state.reportedUnits,
      },
    );
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

/**
 * Reports with where their findings go: one without a place of its own gets its unit's anchor now, while
 * the nodes are where this text has them (a later parse of the file may move them, and a result of this
 * run is read after it).
 */
function withAnchors(reports: Report[], unit: Unit): Report[] {
  if (reports.every((report) => report.at)) return reports;
  const anchor = anchorOf(unit);
  return anchor ? reports.map((report) => (report.at ? report : { ...report, at: anchor })) : reports;
}

/**
 * The unit of a record of a dormant object as its findings name it (the object, the container's kind and
 * name), without its nodes: its reports carry their places.
 */
function unparsedUnit(object: KubeObject, record: Pick<UnitRecord, 'entry' | 'unitId' | 'container'>): Unit {
  const unit: Unit = { id: record.unitId, scope: record.entry.control.meta.scope, object, anchored: true };
  if (record.container) unit.container = record.container as ContainerRef;
  return unit;
}

/**
 * A fix's source with its unit's nodes: a dormant object's unit is found again in a parse of its file (the
 * nodes of a unit and of its object from one parse); undefined when the object no longer has it.
 */
function parsedSource(source: FixSource): FixSource | undefined {
  const object = source.unit.object;
  if (!(object instanceof DormantObject)) return source;
  const file = object.parsed().file;
  // A namespace or workspace check's unit holds no nodes of its own (its objects read their parse).
  if (!isLocalScope(source.unit.scope)) return { ...source, file };
  const unit = new ObjectUnits(object).find(source.entry, source.unit.id);
  return unit && { ...source, unit, file };
}

/** The reports of a check that looked for fields the object has misspelled, each naming the misspelling. */
interface Misspelling {
  written: string;
  field: string;
  /** The mapping that holds the misspelt key. */
  map: YAMLMap;
}

/**
 * Names, in each finding, the misspellings of fields its check found missing, when the finding is in the
 * mapping that holds them (a container's `resouces` for its missing CPU request; not a pod spec's
 * `serviceAccount_name` for a missing NetworkPolicy of the workload, though that check reads the field).
 */
function withMisspellings(reports: Report[], misspellings: readonly Misspelling[], unit: Unit): Report[] {
  return reports.map((report) => {
    const at = report.at ?? anchorOf(unit);
    const notes = misspellings
      .filter(({ map }) => !at || !map.range || (map.range[0] <= at[0] && at[0] < map.range[1]))
      .map(({ written, field }) => `\`${written}\` is not a field: did you mean \`${field}\`?`);
    return notes.length === 0 ? report : { ...report, message: `${report.message} (${notes.join('; ')})` };
  });
}

/** Where a check that belongs to no object ran: a namespace check in its namespace, at its anchor's file. */
function placeOf(unit: Unit): KubeObject | CheckPlace | undefined {
  if (unit.namespace !== undefined) return { namespace: unit.namespace, object: unit.object };
  return unit.object;
}
