/**
 * The maturity report (the editor's webview and `check --format html`): the verdict's stages with their
 * coverage against the threshold, why each is or is not met, the next steps with the files they are in,
 * and the stages by namespace and by folder. Plain data, drawn from the same verdict as the tree.
 */
import type { Severity } from '../engine/control';
import type { Finding } from '../engine/result';
import type { Breakdown, StageCounts } from '../engine/tallies';
import type { Range } from '../engine/text';
import {
  CNCF_PROJECTION,
  COVERAGE_TOLERANCE,
  judgeCounts,
  type MaturityModel,
  type Verdict,
} from '../engine/verdict';
import { percentOf } from './coverage';

export type StageStatus = 'met' | 'not met' | 'not evidenced';

export interface ReportStage {
  stage: number;
  name: string;
  status: StageStatus;
  /** passed / (passed + failed), 0 to 1; null when not evidenced. */
  coverage: number | null;
  passed: number;
  failed: number;
  exempt: number;
  errors: number;
  /** Why the stage is met, not met or not evidenced, in one sentence. */
  why: string;
}

export interface ReportPlace {
  /** The file as shown (relative to the folder), its URI when the reader can open it, and where. */
  file: string;
  uri?: string;
  range?: Range;
  /** Findings of the step's control in this file. */
  findings: number;
}

export interface ReportStep {
  control: string;
  title: string;
  severity: Severity;
  stage: number;
  /** Failed checks of this control (what the verdict counts). */
  failed: number;
  remediation: string;
  /** The files with the most findings of the control, most first. */
  places: ReportPlace[];
  /** Files with findings of the control beyond `places`. */
  morePlaces: number;
}

export interface HeatCell {
  coverage: number | null;
  passed: number;
  failed: number;
  exempt: number;
  /** Failed checks that are errors: any keeps the cell from being met. */
  errors: number;
  status: StageStatus;
}

export interface HeatRow {
  /** The namespace or folder as shown. */
  label: string;
  cells: HeatCell[];
}

export interface HeatTable {
  rows: HeatRow[];
  /** Places beyond the rows shown (the rows with the most checks are kept). */
  more: number;
}

export interface MaturityReport {
  name: string;
  /** ISO 8601, when the report was made. */
  generated: string;
  tool: { name: 'kube-maturity'; version: string };
  model: MaturityModel;
  unit: 'stage' | 'level';
  /** 7 stages or 5 levels. */
  total: number;
  threshold: number;
  verdict: {
    stage: number | null;
    name: string;
    label?: string;
    score: number;
    summary: string;
    reason?: string;
    /** Stages above the verdict that are already met. */
    metAhead: number[];
    notEvidenced: number[];
    /** The stage to meet next, and how many failed checks (errors among them) stand in its way. */
    next: { stage: number; checks: number; errors: number } | null;
  };
  stages: ReportStage[];
  nextSteps: ReportStep[];
  namespaces: HeatTable;
  folders: HeatTable;
  /** Restricted mode and unrendered charts, as the tree lists them. */
  notes: string[];
}

export interface MaturityReportInput {
  name: string;
  generated: Date;
  toolVersion: string;
  verdict: Verdict;
  score: number;
  breakdown: Breakdown;
  /** Every finding, read once. */
  findings: Iterable<Finding>;
  display: (file: string) => { path: string; uri?: string };
  notes?: readonly string[];
}

const PLACES_PER_STEP = 5;
const HEAT_ROWS = 40;

function statusOf(evidenced: boolean, met: boolean): StageStatus {
  return !evidenced ? 'not evidenced' : met ? 'met' : 'not met';
}

function whyOf(
  stage: Verdict['stages'][number],
  threshold: number,
  unit: string,
  model: MaturityModel,
): string {
  if (stage.stage === 1 && model === 'fairwinds')
    return stage.met ? 'Kubernetes objects are declared in these manifests.' : 'No Kubernetes object found.';
  const checks = stage.passed + stage.failed;
  if (!stage.evidenced)
    return checks > 0
      ? `Not judged: this ${unit} judges workloads and these manifests have none (its ${checks} check${checks === 1 ? '' : 's'} of other objects do not count).`
      : `No check of this ${unit} applies to these manifests: nothing shows it either way.`;
  const coverage = percentOf(stage.coverage ?? 0, threshold);
  const floor =
    model === 'cncf' && stage.stage === 1
      ? ' Level 1 is the floor: any manifest reaches it, and meeting it takes these checks.'
      : '';
  if (stage.met)
    return `${stage.passed} of ${checks} checks pass (${coverage}, at least the ${threshold}% threshold) and no failed check is an error.`;
  const under = (stage.coverage ?? 0) * 100 < threshold - COVERAGE_TOLERANCE;
  const passing = `${stage.passed} of ${checks} checks pass (${coverage}, ${under ? 'under' : 'at least'} the ${threshold}% threshold)`;
  const errors =
    stage.errors > 0
      ? `; ${stage.errors} failed check${stage.errors === 1 ? ' is an error' : 's are errors'}, and any error keeps a ${unit} from being met`
      : '';
  return `${passing}${errors}.${floor}`;
}

/** A place's counts by stage, projected onto the lens's stages (CNCF: levels), judged as the verdict judges. */
function heatCells(
  counts: StageCounts,
  model: MaturityModel,
  threshold: number,
  total: number,
  /** The verdict's stages: one it could not judge (no workload) is not judged in any place either. */
  judged: readonly boolean[],
): HeatCell[] {
  const sums = Array.from({ length: total }, () => ({ passed: 0, failed: 0, exempt: 0, errors: 0 }));
  for (let stage = 1; stage <= 7; stage++) {
    const target = sums[(model === 'cncf' ? CNCF_PROJECTION[stage] : stage) - 1];
    const at = (stage - 1) * 4;
    target.passed += counts[at];
    target.failed += counts[at + 1];
    target.exempt += counts[at + 2];
    target.errors += counts[at + 3];
  }
  return sums.map(({ passed, failed, exempt, errors }, index) => {
    const judgement = judgeCounts(passed, failed, errors, threshold);
    const evidenced = judgement.evidenced && judged[index] !== false;
    const coverage = evidenced ? judgement.coverage : null;
    return { coverage, passed, failed, exempt, errors, status: statusOf(evidenced, judgement.met) };
  });
}

function heatTable(
  places: Breakdown['namespaces'],
  label: (key: string) => string,
  model: MaturityModel,
  threshold: number,
  total: number,
  judged: readonly boolean[],
): HeatTable {
  const checksOf = (counts: StageCounts) => counts.reduce((sum, count) => sum + count, 0);
  const failedOf = (counts: StageCounts) =>
    counts.reduce((sum, count, at) => (at % 4 === 1 ? sum + count : sum), 0);
  // The places with the most failed checks are kept, then those with the most checks.
  const kept =
    places.length <= HEAT_ROWS
      ? places
      : [...places]
          .sort(([, a], [, b]) => failedOf(b) - failedOf(a) || checksOf(b) - checksOf(a))
          .slice(0, HEAT_ROWS)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    rows: kept.map(([key, counts]) => ({
      label: label(key),
      cells: heatCells(counts, model, threshold, total, judged),
    })),
    more: places.length - kept.length,
  };
}

export function buildMaturityReport(input: MaturityReportInput): MaturityReport {
  const { verdict } = input;
  const model = verdict.model;
  const unit = model === 'cncf' ? 'level' : 'stage';
  const total = model === 'cncf' ? 5 : 7;
  const stepControls = new Set(verdict.nextSteps.map((step) => step.control));
  const byControl = new Map<string, Map<string, { findings: number; range?: Range }>>();
  for (const finding of input.findings) {
    if (finding.exempt || !finding.file || !stepControls.has(finding.control)) continue;
    let files = byControl.get(finding.control);
    if (!files) {
      files = new Map();
      byControl.set(finding.control, files);
    }
    const file = files.get(finding.file);
    if (file) file.findings++;
    else files.set(finding.file, { findings: 1, range: finding.range });
  }
  const nextSteps: ReportStep[] = verdict.nextSteps.map((step) => {
    const files = [...(byControl.get(step.control) ?? new Map<string, { findings: number; range?: Range }>())]
      .sort(([a, x], [b, y]) => y.findings - x.findings || (a < b ? -1 : a > b ? 1 : 0))
      .map(([file, { findings, range }]) => {
        const shown = input.display(file);
        return {
          file: shown.path,
          ...(shown.uri ? { uri: shown.uri } : {}),
          ...(range ? { range } : {}),
          findings,
        };
      });
    return {
      control: step.control,
      title: step.title,
      severity: step.severity,
      stage: step.stage,
      failed: step.failed,
      remediation: step.remediation,
      places: files.slice(0, PLACES_PER_STEP),
      morePlaces: Math.max(0, files.length - PLACES_PER_STEP),
    };
  });
  // A stage with checks that the verdict could not judge (no workload): no place judges it either.
  const judged = verdict.stages.map((stage) => stage.evidenced || stage.passed + stage.failed === 0);
  const next =
    verdict.blockingStage === null
      ? null
      : {
          stage: verdict.blockingStage,
          checks: verdict.toMeetBlockingStage?.checks ?? 0,
          errors: verdict.toMeetBlockingStage?.errors ?? 0,
        };
  return {
    name: input.name,
    generated: input.generated.toISOString(),
    tool: { name: 'kube-maturity', version: input.toolVersion },
    model,
    unit,
    total,
    threshold: verdict.threshold,
    verdict: {
      stage: verdict.stage,
      name: verdict.name,
      ...(verdict.label ? { label: verdict.label } : {}),
      score: input.score,
      summary: verdict.summary,
      ...(verdict.reason ? { reason: verdict.reason } : {}),
      metAhead: verdict.metAhead,
      notEvidenced: verdict.notEvidenced,
      next,
    },
    stages: verdict.stages.map((stage) => ({
      stage: stage.stage,
      name: stage.name,
      status: statusOf(stage.evidenced, stage.met),
      coverage: stage.coverage,
      passed: stage.passed,
      failed: stage.failed,
      exempt: stage.exempt,
      errors: stage.errors,
      why: whyOf(stage, verdict.threshold, unit, model),
    })),
    nextSteps,
    namespaces: heatTable(
      input.breakdown.namespaces,
      (key) => key || '(no namespace)',
      model,
      verdict.threshold,
      total,
      judged,
    ),
    folders: heatTable(
      input.breakdown.folders,
      (key) => (key === '.' ? '.' : input.display(key).path || '.'),
      model,
      verdict.threshold,
      total,
      judged,
    ),
    notes: [...(input.notes ?? [])],
  };
}
