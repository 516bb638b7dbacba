import type { Settings, SeveritySetting } from './config';
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
import {
  type ContainerRef,
  describeObject,
  extractObjects,
  type KubeObject,
  type ObjectRef,
  objectRef,
} from './model';
import { get, getPair, keySpan, nodeSpan } from './nodes';
import { ObjectIndex } from './objectIndex';
import type { FileProblem, ParsedFile } from './parse';
import { findExemption } from './suppress';
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
  context: { index: ObjectIndex; settings: Settings; [key: string]: unknown };
  object?: KubeObject;
  container?: ContainerRef;
  subject?: string;
  anchor?: Span;
}

/** Runs every enabled control over the objects of the given files. */
export function analyze(
  files: readonly ParsedFile[],
  settings: Settings,
  controls: readonly AnyControl[],
): AnalysisResult {
  const result: AnalysisResult = {
    objects: [],
    findings: [],
    tallies: [],
    problems: [],
    skipped: [],
    analyzedFiles: 0,
    controlFailures: [],
  };
  for (const file of files) {
    if (file.skipped) {
      result.skipped.push({ file: file.path, reason: file.skipped });
      continue;
    }
    result.analyzedFiles++;
    const objects = extractObjects(file);
    result.objects.push(...objects);
    for (const problem of file.problems) {
      result.problems.push({
        file: file.path,
        kind: problem.kind,
        message: problem.message,
        range: problem.span ? file.lines.range(problem.span[0], problem.span[1]) : undefined,
      });
    }
  }
  const index = new ObjectIndex(result.objects);
  for (const control of controls) {
    const configured: SeveritySetting | undefined = settings.severities[control.meta.id];
    if (configured === 'off') continue;
    runControl(control, index, settings, configured, result);
  }
  return result;
}

function runControl(
  control: AnyControl,
  index: ObjectIndex,
  settings: Settings,
  configured: Severity | undefined,
  result: AnalysisResult,
): void {
  const { meta } = control;
  const tally: CheckTally = {
    control: meta.id,
    stage: meta.stage,
    passed: 0,
    failed: 0,
    exempt: 0,
    failedErrors: 0,
    failedWarnings: 0,
    failedInfos: 0,
  };
  let failure: ControlFailure | undefined;
  for (const unit of unitsOf(control, index, settings)) {
    const reports: Report[] = [];
    let outcome: CheckResult;
    try {
      outcome = (control as Control<Scope>).check({
        ...unit.context,
        report: (report: Report) => reports.push(report),
      } as never);
    } catch (error) {
      failure ??= { control: meta.id, message: `control ${meta.id} failed: ${(error as Error).message}` };
      continue;
    }
    if (outcome === NOT_APPLICABLE && reports.length === 0) continue;
    const exemption = findExemption(meta, settings, unit.object, unit.container);
    if (exemption) tally.exempt++;
    else if (reports.length === 0) tally.passed++;
    else tally.failed++;
    if (reports.length === 0) continue;

    const severities: Severity[] = [];
    for (const report of reports) {
      const severity = configured ?? report.severity ?? meta.severity;
      severities.push(severity);
      const finding: Finding = {
        control: meta.id,
        stage: meta.stage,
        category: meta.category,
        severity,
        message: unit.subject ? `${unit.subject}: ${report.message}` : report.message,
      };
      const file = unit.object?.file;
      if (file && unit.object) {
        finding.file = file.path;
        const at = report.at ?? unit.anchor;
        if (at) finding.range = file.lines.range(at[0], at[1]);
        finding.object = objectRef(unit.object);
      }
      if (unit.container) finding.container = unit.container.name;
      if (exemption) {
        finding.exempt = exemption;
      } else if (file && control.fix && meta.fix !== 'none') {
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
          failure ??= { control: meta.id, message: `fix of ${meta.id} failed: ${(error as Error).message}` };
        }
      }
      result.findings.push(finding);
    }
    if (!exemption) {
      const severity = mostSevere(severities);
      if (severity === 'error') tally.failedErrors++;
      else if (severity === 'warning') tally.failedWarnings++;
      else tally.failedInfos++;
    }
  }
  if (failure) result.controlFailures.push(failure);
  result.tallies.push(tally);
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

function* unitsOf(control: AnyControl, index: ObjectIndex, settings: Settings): Generator<Unit> {
  const meta = control.meta;
  switch (meta.scope) {
    case 'container': {
      const kinds = meta.containerKinds ?? ['container'];
      for (const object of index.workloads()) {
        const podSpec = object.podSpec!;
        const containers = [
          ...(kinds.includes('initContainer') ? podSpec.initContainers : []),
          ...(kinds.includes('container') ? podSpec.containers : []),
          ...(kinds.includes('ephemeralContainer') ? podSpec.ephemeralContainers : []),
        ];
        for (const container of containers) {
          yield {
            context: { index, settings, object, podSpec, container },
            object,
            container,
            subject: `${describeObject(object)}, ${containerLabel(container)}`,
            anchor: containerAnchor(container),
          };
        }
      }
      return;
    }
    case 'podSpec':
      for (const object of index.workloads()) {
        yield {
          context: { index, settings, object, podSpec: object.podSpec! },
          object,
          subject: describeObject(object),
          anchor: podSpecAnchor(object),
        };
      }
      return;
    case 'object': {
      const kinds = meta.kinds;
      const objects = kinds ? kinds.flatMap((kind) => index.ofKind(kind)) : index.objects;
      for (const object of objects) {
        yield {
          context: { index, settings, object },
          object,
          subject: describeObject(object),
          anchor: objectAnchor(object),
        };
      }
      return;
    }
    case 'namespace': {
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
          context: { index, settings, namespace, workloads, object },
          object,
          subject: namespace ? `namespace "${namespace}"` : 'the unnamed namespace',
          anchor,
        };
      }
      return;
    }
    case 'workspace':
      if (index.objects.length > 0) yield { context: { index, settings } };
      return;
  }
}
