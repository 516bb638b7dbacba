import { type AnyControl, SEVERITY_RANK, type Severity, type Stage } from './control';
import type { CheckTally } from './result';

export type MaturityModel = 'fairwinds' | 'cncf';

export const FAIRWINDS_STAGES: Record<number, string> = {
  1: 'Prepare',
  2: 'Transform',
  3: 'Deploy',
  4: 'Build Confidence',
  5: 'Improve Operations',
  6: 'Measure & Control',
  7: 'Optimize & Automate',
};

export const CNCF_LEVELS: Record<number, string> = {
  1: 'Build',
  2: 'Operate',
  3: 'Scale',
  4: 'Improve',
  5: 'Adapt',
};

/** Fairwinds stage → CNCF level (maturity-model.md, "The second lens"). */
export const CNCF_PROJECTION: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 6: 4, 7: 5 };

export interface StageReport {
  stage: number;
  name: string;
  /** passed / (passed + failed), from 0 to 1; null when the stage is not evidenced. */
  coverage: number | null;
  passed: number;
  failed: number;
  exempt: number;
  /** Failed checks whose severity is error: any of them keeps the stage from being met. */
  errors: number;
  met: boolean;
  evidenced: boolean;
  /** CNCF lens only: the Fairwinds stages the level projects. */
  fairwindsStages?: number[];
}

export interface NextStep {
  control: string;
  title: string;
  stage: number;
  severity: Severity;
  /** Failed checks of this control. */
  failed: number;
  remediation: string;
}

export interface Verdict {
  model: MaturityModel;
  /** The inferred stage (or CNCF level); null when there are no Kubernetes objects. */
  stage: number | null;
  name: string;
  /** CNCF levels 3 and above can only be indicated by manifests, never shown to be reached. */
  label?: 'reached' | 'indicated by manifests';
  /** The Fairwinds stage the verdict comes from (equal to `stage` in the Fairwinds lens). */
  fairwindsStage: number | null;
  threshold: number;
  stages: StageReport[];
  /** The stage that holds the workspace below the next one, and what to fix there. */
  blockingStage: number | null;
  nextSteps: NextStep[];
  /** To meet the blocking stage: failed checks to fix to reach the threshold, error checks to fix. */
  toMeetBlockingStage?: { checks: number; errors: number };
  /** Stages above the inferred one that are already met (skipped steps). */
  metAhead: number[];
  /** Stages (CNCF: levels) with no applicable check: nothing in these manifests shows them either way. */
  notEvidenced: number[];
  /** Why the verdict stops where it does, when a stage that is not evidenced caps it. */
  reason?: string;
  summary: string;
}

/** Stages 2 to this one judge workloads: they cannot be evidenced by manifests without one. */
const LAST_WORKLOAD_STAGE = 5;

export interface VerdictOptions {
  threshold: number;
  hasObjects: boolean;
  /** Objects with a pod spec: without any, the stages about workloads cannot be judged. */
  hasWorkloads?: boolean;
  model: MaturityModel;
}

function sum<T>(values: readonly T[], pick: (value: T) => number): number {
  let total = 0;
  for (const value of values) total += pick(value);
  return total;
}

/** Coverage, met and evidenced of a set of checks, by the inference rule (maturity-model.md). */
/** Floating-point slack when coverage meets a threshold: 29 of 50 times 100 is 57.999…, which meets 58. */
export const COVERAGE_TOLERANCE = 1e-9;

function judge(stage: number, name: string, tallies: readonly CheckTally[], threshold: number): StageReport {
  const passed = sum(tallies, (tally) => tally.passed);
  const failed = sum(tallies, (tally) => tally.failed);
  const exempt = sum(tallies, (tally) => tally.exempt);
  const errors = sum(tallies, (tally) => tally.failedErrors);
  return { stage, name, passed, failed, exempt, errors, ...judgeCounts(passed, failed, errors, threshold) };
}

/**
 * The rule for one set of checks: evidenced with any check passed or failed, met when at least the
 * threshold of them pass and none of the failed is an error (the verdict's stages, a report's places).
 */
export function judgeCounts(
  passed: number,
  failed: number,
  errors: number,
  threshold: number,
): { coverage: number | null; evidenced: boolean; met: boolean } {
  const evidenced = passed + failed > 0;
  const coverage = evidenced ? passed / (passed + failed) : null;
  const met = coverage !== null && coverage * 100 >= threshold - COVERAGE_TOLERANCE && errors === 0;
  return { coverage, evidenced, met };
}

function nextStepsOf(tallies: readonly CheckTally[], controls: readonly AnyControl[]): NextStep[] {
  const metas = new Map(controls.map((control) => [control.meta.id, control.meta]));
  const steps: NextStep[] = [];
  for (const tally of tallies) {
    if (tally.failed === 0) continue;
    const meta = metas.get(tally.control);
    const severity: Severity =
      tally.failedErrors > 0 ? 'error' : tally.failedWarnings > 0 ? 'warning' : 'info';
    steps.push({
      control: tally.control,
      title: meta?.title ?? tally.control,
      stage: tally.stage,
      severity,
      failed: tally.failed,
      remediation: meta?.remediation ?? '',
    });
  }
  return steps.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      b.failed - a.failed ||
      a.control.localeCompare(b.control),
  );
}

/** Checks to turn from failed to passed (errors first) for a report to be met. */
function toMeet(report: StageReport, threshold: number): { checks: number; errors: number } {
  const total = report.passed + report.failed;
  const neededPassed = Math.ceil((threshold / 100) * total - COVERAGE_TOLERANCE);
  return { checks: Math.max(0, neededPassed - report.passed, report.errors), errors: report.errors };
}

function range(from: number, to: number, unit: string): string {
  return from === to ? `${unit} ${from}` : `${unit}s ${from} to ${to}`;
}

/**
 * Why a stage (or level) that is not evidenced caps the verdict: the run of unevidenced stages from it,
 * and what would evidence them.
 */
function capReason(
  reports: readonly StageReport[],
  cap: StageReport,
  unit: string,
  hasWorkloads: boolean,
): string {
  let last = cap.stage;
  for (const report of reports) if (report.stage === last + 1 && !report.evidenced) last = report.stage;
  const span = range(cap.stage, last, unit);
  if (!hasWorkloads) {
    // Under the CNCF lens level 1 is also the floor: only the checks above it are missing.
    if (unit === 'level' && cap.stage === 1)
      return `no workload in these manifests: level 1 stays at its floor, and ${range(2, last, unit)} cannot be judged`;
    return `no workload in these manifests: ${span} cannot be judged`;
  }
  return `no control of ${span} applies to these manifests: ${span} cannot be judged`;
}

/**
 * The maturity verdict (maturity-model.md, "The inference rule"): the highest N such that every stage from
 * 2 to N is evidenced and met; stage 1 with at least one object. A stage that is not evidenced caps the
 * verdict as an unmet one does. Under the CNCF lens the same rule runs over levels, each level judged on
 * the checks of the stages it projects.
 */
export function computeVerdict(
  tallies: readonly CheckTally[],
  controls: readonly AnyControl[],
  options: VerdictOptions,
): Verdict {
  const { threshold, hasObjects, model } = options;
  const hasWorkloads = options.hasWorkloads ?? hasObjects;
  const byStage = new Map<number, CheckTally[]>();
  for (const tally of tallies) {
    const list = byStage.get(tally.stage) ?? [];
    list.push(tally);
    byStage.set(tally.stage, list);
  }
  const cncf = model === 'cncf';
  const unit = cncf ? 'level' : 'stage';
  const names = cncf ? CNCF_LEVELS : FAIRWINDS_STAGES;
  const count = cncf ? 5 : 7;
  const membersOf = (level: number) =>
    cncf ? [1, 2, 3, 4, 5, 6, 7].filter((stage) => CNCF_PROJECTION[stage] === level) : [level];
  const talliesOf = (level: number) => membersOf(level).flatMap((stage) => byStage.get(stage) ?? []);

  const reports: StageReport[] = [];
  for (let level = 1; level <= count; level++) {
    const report = judge(level, names[level], talliesOf(level), threshold);
    if (cncf) report.fairwindsStages = membersOf(level);
    if (!hasWorkloads && membersOf(level).every((stage) => stage <= LAST_WORKLOAD_STAGE)) {
      // Stages 2 to 5 are about workloads: without one, a passing check of a ConfigMap or a PDB shows none
      // of them (maturity-model.md: such a folder is at stage 1). Its counts are still reported.
      report.evidenced = false;
      report.met = false;
      report.coverage = null;
    }
    if (!cncf && level === 1) {
      // Stage 1 has no controls: any Kubernetes object evidences it.
      report.evidenced = hasObjects;
      report.met = hasObjects;
    }
    reports.push(report);
  }

  // The floor (stage 1, level 1) is reached with any object; above it every step must be evidenced and met.
  // Under the CNCF lens level 1 also holds stage 2, whose checks must be met before level 2 counts.
  let inferred: number | null = hasObjects ? 1 : null;
  let blocking: StageReport | undefined;
  if (hasObjects) {
    const steps = cncf ? reports : reports.slice(1);
    for (const report of steps) {
      if (!report.evidenced || !report.met) {
        blocking = report;
        break;
      }
      inferred = report.stage;
    }
  }
  const notEvidenced = reports
    .filter((report) => !report.evidenced && (cncf || report.stage > 1))
    .map((report) => report.stage);
  const metAhead = reports
    .filter((report) => inferred !== null && report.stage > inferred && report.evidenced && report.met)
    .map((report) => report.stage);

  let nextSteps: NextStep[] = [];
  let toMeetBlockingStage: Verdict['toMeetBlockingStage'];
  let reason: string | undefined;
  if (blocking?.evidenced) {
    nextSteps = nextStepsOf(talliesOf(blocking.stage), controls);
    toMeetBlockingStage = toMeet(blocking, threshold);
  } else if (blocking) {
    reason = capReason(reports, blocking, unit, hasWorkloads);
  }

  const base = {
    model,
    threshold,
    stages: reports,
    blockingStage: blocking?.stage ?? null,
    nextSteps,
    toMeetBlockingStage,
    metAhead,
    notEvidenced,
    ...(reason ? { reason } : {}),
  };
  if (inferred === null)
    return {
      ...base,
      stage: null,
      name: 'no Kubernetes manifests found',
      fairwindsStage: null,
      summary: 'no Kubernetes manifests found',
    };
  if (!cncf)
    return {
      ...base,
      stage: inferred,
      name: FAIRWINDS_STAGES[inferred],
      fairwindsStage: inferred,
      summary: `Stage ${inferred} of 7 · ${FAIRWINDS_STAGES[inferred]}`,
    };
  const label = inferred >= 3 ? 'indicated by manifests' : 'reached';
  return {
    ...base,
    stage: inferred,
    name: CNCF_LEVELS[inferred],
    label,
    // For reference only: the level comes from the level rule, not from this stage.
    fairwindsStage: computeVerdict(tallies, controls, { ...options, model: 'fairwinds' }).stage,
    summary: `CNCF level ${inferred} of 5 · ${CNCF_LEVELS[inferred]} (${label})`,
  };
}

/** Polaris-compatible score: floor(100 · 2·passed / (2·passed + warnings + 2·errors)); 100 with no checks. */
export function computeScore(tallies: readonly CheckTally[]): number {
  const passed = sum([...tallies], (t) => t.passed);
  const errors = sum([...tallies], (t) => t.failedErrors);
  const warnings = sum([...tallies], (t) => t.failedWarnings + t.failedInfos);
  const denominator = 2 * passed + warnings + 2 * errors;
  return denominator === 0 ? 100 : Math.floor((100 * 2 * passed) / denominator);
}

/** A control's stage as the lens names it: "stage 5 · Improve Operations" or "level 3 · Scale". */
export function stageLabel(model: MaturityModel, stage: number): string {
  if (model === 'cncf') {
    const level = CNCF_PROJECTION[stage];
    return `level ${level} · ${CNCF_LEVELS[level]}`;
  }
  return `stage ${stage} · ${FAIRWINDS_STAGES[stage]}`;
}

export function stageName(model: MaturityModel, stage: number): string {
  return model === 'cncf' ? CNCF_LEVELS[stage] : FAIRWINDS_STAGES[stage];
}

export type { Stage };
