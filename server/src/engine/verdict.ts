import type { CheckTally } from './analyze';
import type { AnyControl, Severity, Stage } from './control';

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
  summary: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function stageReport(stage: number, name: string, tallies: CheckTally[], threshold: number): StageReport {
  const passed = sum(tallies, (tally) => tally.passed);
  const failed = sum(tallies, (tally) => tally.failed);
  const exempt = sum(tallies, (tally) => tally.exempt);
  const errors = sum(tallies, (tally) => tally.failedErrors);
  const evidenced = passed + failed > 0;
  const coverage = evidenced ? passed / (passed + failed) : null;
  const met = evidenced && coverage !== null && coverage * 100 >= threshold - 1e-9 && errors === 0;
  return { stage, name, coverage, passed, failed, exempt, errors, met, evidenced };
}

function sum<T>(values: T[], pick: (value: T) => number): number {
  return values.reduce((total, value) => total + pick(value), 0);
}

/**
 * The maturity verdict (maturity-model.md, "The inference rule"): the highest evidenced stage N such that
 * every evidenced stage from 2 to N is met; stage 1 when there are objects and nothing above is met.
 */
export function computeVerdict(
  tallies: readonly CheckTally[],
  controls: readonly AnyControl[],
  options: { threshold: number; hasObjects: boolean; model: MaturityModel },
): Verdict {
  const { threshold, hasObjects, model } = options;
  const byStage = new Map<number, CheckTally[]>();
  for (const tally of tallies) {
    const list = byStage.get(tally.stage) ?? [];
    list.push(tally);
    byStage.set(tally.stage, list);
  }
  const fairwinds: StageReport[] = [1, 2, 3, 4, 5, 6, 7].map((stage) =>
    stage === 1
      ? {
          stage: 1,
          name: FAIRWINDS_STAGES[1],
          coverage: null,
          passed: 0,
          failed: 0,
          exempt: 0,
          errors: 0,
          met: hasObjects,
          evidenced: hasObjects,
        }
      : stageReport(stage, FAIRWINDS_STAGES[stage], byStage.get(stage) ?? [], threshold),
  );

  let inferred: number | null = hasObjects ? 1 : null;
  let blockingStage: number | null = null;
  if (hasObjects) {
    for (const report of fairwinds.slice(1)) {
      if (!report.evidenced) continue;
      if (!report.met) {
        blockingStage = report.stage;
        break;
      }
      inferred = report.stage;
    }
  }
  const metAhead = fairwinds
    .filter((report) => inferred !== null && report.stage > inferred && report.met)
    .map((r) => r.stage);

  const titles = new Map(controls.map((control) => [control.meta.id, control.meta]));
  const nextSteps: NextStep[] = [];
  let toMeetBlockingStage: Verdict['toMeetBlockingStage'];
  if (blockingStage !== null) {
    for (const tally of byStage.get(blockingStage) ?? []) {
      if (tally.failed === 0) continue;
      const meta = titles.get(tally.control);
      const severity: Severity =
        tally.failedErrors > 0 ? 'error' : tally.failedWarnings > 0 ? 'warning' : 'info';
      nextSteps.push({
        control: tally.control,
        title: meta?.title ?? tally.control,
        stage: tally.stage,
        severity,
        failed: tally.failed,
        remediation: meta?.remediation ?? '',
      });
    }
    nextSteps.sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        b.failed - a.failed ||
        a.control.localeCompare(b.control),
    );
    const blocking = fairwinds[blockingStage - 1];
    const total = blocking.passed + blocking.failed;
    const neededPassed = Math.ceil((threshold / 100) * total - 1e-9);
    toMeetBlockingStage = {
      checks: Math.max(0, neededPassed - blocking.passed, blocking.errors),
      errors: blocking.errors,
    };
  }

  if (model === 'cncf') {
    // A level is a projection: it is met once the inferred Fairwinds stage reaches its first stage, so the
    // verdict, the levels and the next steps tell one story.
    const levels: StageReport[] = [1, 2, 3, 4, 5].map((level) => {
      const members = fairwinds.filter((report) => CNCF_PROJECTION[report.stage] === level);
      const evidencedMembers = members.filter((member) => member.evidenced);
      const passed = sum(members, (m) => m.passed);
      const failed = sum(members, (m) => m.failed);
      return {
        stage: level,
        name: CNCF_LEVELS[level],
        coverage: passed + failed > 0 ? passed / (passed + failed) : null,
        passed,
        failed,
        exempt: sum(members, (m) => m.exempt),
        errors: sum(members, (m) => m.errors),
        met:
          evidencedMembers.length > 0 &&
          inferred !== null &&
          inferred >= Math.min(...members.map((m) => m.stage)),
        evidenced: evidencedMembers.length > 0,
        fairwindsStages: members.map((member) => member.stage),
      };
    });
    const level = inferred === null ? null : CNCF_PROJECTION[inferred];
    const nextLevel =
      blockingStage === null || level === null ? null : Math.max(CNCF_PROJECTION[blockingStage], level + 1);
    const label = level === null ? undefined : level >= 3 ? 'indicated by manifests' : 'reached';
    return {
      model,
      stage: level,
      name: level === null ? 'no Kubernetes manifests found' : CNCF_LEVELS[level],
      label,
      fairwindsStage: inferred,
      threshold,
      stages: levels,
      blockingStage: nextLevel !== null && nextLevel <= 5 ? nextLevel : null,
      nextSteps,
      toMeetBlockingStage,
      metAhead: levels
        .filter((report) => level !== null && report.stage > level && report.evidenced)
        .filter((report) =>
          fairwinds
            .filter((f) => CNCF_PROJECTION[f.stage] === report.stage && f.evidenced)
            .every((f) => f.met),
        )
        .map((report) => report.stage),
      summary:
        level === null
          ? 'no Kubernetes manifests found'
          : `CNCF level ${level} of 5 · ${CNCF_LEVELS[level]} (${label}; from Fairwinds stage ${inferred} of 7)`,
    };
  }

  return {
    model,
    stage: inferred,
    name: inferred === null ? 'no Kubernetes manifests found' : FAIRWINDS_STAGES[inferred],
    fairwindsStage: inferred,
    threshold,
    stages: fairwinds,
    blockingStage,
    nextSteps,
    toMeetBlockingStage,
    metAhead,
    summary:
      inferred === null
        ? 'no Kubernetes manifests found'
        : `Stage ${inferred} of 7 · ${FAIRWINDS_STAGES[inferred]}`,
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

export function stageName(model: MaturityModel, stage: number): string {
  return model === 'cncf' ? CNCF_LEVELS[stage] : FAIRWINDS_STAGES[stage];
}

export type { Stage };
