import type { AnyControl, Category, Severity } from '../engine/control';
import type { CheckTally, Finding } from '../engine/result';
import type { Range } from '../engine/text';
import { CNCF_PROJECTION, FAIRWINDS_STAGES, type Verdict } from '../engine/verdict';
import { percentOf } from './coverage';
import { escapeMarkdown } from './markdown';

export type TreeGroupBy = 'stage' | 'file' | 'category';

export interface TreeFinding {
  /** The object (and container) the finding is about. */
  label: string;
  message: string;
  severity: Severity;
  /** The file as the tree shows it (relative to the folder) and as the client opens it. */
  file?: string;
  uri?: string;
  range?: Range;
  exempt?: string;
}

export interface TreeControl {
  id: string;
  title: string;
  stage: number;
  category: Category;
  severity: Severity;
  passed: number;
  failed: number;
  exempt: number;
  findings: TreeFinding[];
}

export interface TreeGroup {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  /** Stages only: whether the stage is met, and its numbers. */
  status?: 'met' | 'not met' | 'not evidenced';
  /** Files only: what the group's row shows the icon of (a file; a chart's or kustomization's folder). */
  resource?: { uri: string; folder: boolean };
  coverage?: number | null;
  passed: number;
  failed: number;
  exempt: number;
  controls: TreeControl[];
}

export interface WorkspaceTree {
  folder: string;
  name: string;
  root: {
    label: string;
    description: string;
    tooltip: string;
    stage: number | null;
    score: number;
    /** Stages under the Fairwinds lens, levels under the CNCF lens. */
    unit: 'stage' | 'level';
    /** Why the verdict stops there, when a stage (level) that is not evidenced caps it. */
    reason?: string;
    /** The checks of every stage together: what the stage rows count, and the status bar. */
    checks: { passed: number; failed: number; exempt: number };
  };
  groupBy: TreeGroupBy;
  groups: TreeGroup[];
  /** The stages (CNCF: levels) whatever the grouping: the Markdown export's stage table. */
  stages: Array<Pick<TreeGroup, 'label' | 'status' | 'coverage' | 'passed' | 'failed' | 'exempt'>>;
  model: Verdict['model'];
  threshold: number;
  nextSteps: Array<{
    control: string;
    title: string;
    severity: Severity;
    failed: number;
    remediation: string;
  }>;
  nextStage: number | null;
  /** Restricted mode: what the workspace's configuration asked for and was not applied. */
  notApplied?: string[];
  /** Charts and kustomizations that were not rendered, and why (`path: reason`). */
  notRendered?: string[];
}

export interface TreeInput {
  folder: string;
  name: string;
  findings: readonly Finding[];
  tallies: readonly CheckTally[];
  verdict: Verdict;
  score: number;
  controls: readonly AnyControl[];
  notApplied?: readonly string[];
  notRendered?: readonly string[];
  /** The path shown for a finding's file, and the URI the client opens. */
  display: (file: string) => { path: string; uri: string };
}

function ruleText(unit: 'stage' | 'level'): string {
  const from = unit === 'stage' ? 2 : 1;
  return (
    `A ${unit} is met when at least the threshold of its checks pass and none of its failed checks is an error. ` +
    `The inferred ${unit} is the highest N such that every ${unit} from ${from} to N is evidenced and met: a ${unit} ` +
    'with no applicable check caps it. Exempt checks count for neither side.'
  );
}

function treeFinding(finding: Finding, display: TreeInput['display']): TreeFinding {
  const object = finding.object
    ? `${finding.object.kind} ${finding.object.namespace ? `${finding.object.namespace}/` : ''}${finding.object.name}`
    : 'workspace';
  const node: TreeFinding = {
    label: finding.container ? `${object} · ${finding.container}` : object,
    message: finding.message,
    severity: finding.severity,
  };
  if (finding.file) {
    const shown = display(finding.file);
    node.file = finding.range ? `${shown.path}:${finding.range.start.line + 1}` : shown.path;
    node.uri = shown.uri;
    node.range = finding.range;
  }
  if (finding.exempt) node.exempt = finding.exempt.reason;
  return node;
}

/** Controls with their counts and findings, for the checks of a subset of findings and tallies. */
function treeControls(
  input: TreeInput,
  findings: readonly Finding[],
  tallies: ReadonlyMap<string, CheckTally> | undefined,
): TreeControl[] {
  const byControl = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byControl.get(finding.control) ?? [];
    list.push(finding);
    byControl.set(finding.control, list);
  }
  const controls: TreeControl[] = [];
  for (const { meta } of input.controls) {
    const controlFindings = byControl.get(meta.id) ?? [];
    const tally = tallies?.get(meta.id);
    if (!tally && controlFindings.length === 0) continue;
    if (tally && tally.passed + tally.failed + tally.exempt === 0) continue;
    controls.push({
      id: meta.id,
      title: meta.title,
      stage: meta.stage,
      category: meta.category,
      severity: meta.severity,
      passed: tally?.passed ?? 0,
      failed: tally?.failed ?? controlFindings.filter((finding) => !finding.exempt).length,
      exempt: tally?.exempt ?? controlFindings.filter((finding) => finding.exempt).length,
      findings: controlFindings.map((finding) => treeFinding(finding, input.display)),
    });
  }
  return controls;
}

/** The sidebar's model: built from the same verdict and tallies as the CLI report, so the numbers agree. */
/**
 * The group of a finding found in a rendered document: its chart (`…/templates/x.yaml#rendered-N.yaml`)
 * or its root kustomization (`…/kustomization.yaml#built-N.yaml`), whatever file it was put back on.
 */
function renderedGroupOf(virtual: string, display: TreeInput['display']): string {
  const folderPath = (folder: string | undefined) => (folder ? display(folder).path || '.' : '.');
  const built = /^(?:(.*?)[\\/])?[^\\/]+#built-\d+\.yaml$/.exec(virtual);
  if (built) return `Kustomization ${folderPath(built[1])} (built)`;
  const chart = /^(?:(.*?)[\\/])?(?:charts[\\/][^\\/]+[\\/])?templates[\\/].*#rendered-\d+\.yaml$/.exec(
    virtual,
  );
  if (chart) return `Helm chart ${folderPath(chart[1])} (rendered)`;
  return display(virtual).path;
}

export function buildTree(input: TreeInput, groupBy: TreeGroupBy): WorkspaceTree {
  const { verdict, score } = input;
  const cncf = verdict.model === 'cncf';
  const total = cncf ? 5 : 7;
  const root = {
    label:
      verdict.stage === null
        ? 'No Kubernetes manifests found'
        : `${cncf ? 'Level' : 'Stage'} ${verdict.stage} of ${total} · ${verdict.name}`,
    description: verdict.stage === null ? '' : `score ${score}${verdict.label ? ` · ${verdict.label}` : ''}`,
    tooltip: `${verdict.summary}${verdict.reason ? `\n${capitalize(verdict.reason)}.` : ''}\nThreshold ${verdict.threshold}%.\n${ruleText(cncf ? 'level' : 'stage')}`,
    stage: verdict.stage,
    score,
    unit: cncf ? ('level' as const) : ('stage' as const),
    ...(verdict.reason ? { reason: verdict.reason } : {}),
    checks: {
      passed: verdict.stages.reduce((total, stage) => total + stage.passed, 0),
      failed: verdict.stages.reduce((total, stage) => total + stage.failed, 0),
      exempt: verdict.stages.reduce((total, stage) => total + stage.exempt, 0),
    },
  };
  const tallies = new Map(input.tallies.map((tally) => [tally.control, tally]));
  const stageOf = (stage: number) => (cncf ? CNCF_PROJECTION[stage] : stage);
  let groups: TreeGroup[];
  if (groupBy === 'stage') {
    groups = verdict.stages.map((stage) => {
      const status: TreeGroup['status'] = !stage.evidenced ? 'not evidenced' : stage.met ? 'met' : 'not met';
      const findings = input.findings.filter((finding) => stageOf(finding.stage) === stage.stage);
      const stageTallies = new Map([...tallies].filter(([, tally]) => stageOf(tally.stage) === stage.stage));
      return {
        id: `stage-${stage.stage}`,
        label: `${stage.stage} · ${stage.name}`,
        description:
          stage.stage === 1 && !cncf
            ? status
            : `${status} · ${percentOf(stage.coverage, verdict.threshold)} · ${stage.passed}/${stage.failed}/${stage.exempt}`,
        tooltip: `${stage.passed} passed, ${stage.failed} failed, ${stage.exempt} exempt${stage.errors ? `, ${stage.errors} error(s)` : ''}`,
        status,
        coverage: stage.coverage,
        passed: stage.passed,
        failed: stage.failed,
        exempt: stage.exempt,
        controls: treeControls(input, findings, stageTallies),
      };
    });
  } else {
    const keyOf = (finding: Finding) =>
      groupBy === 'file'
        ? finding.rendered
          ? renderedGroupOf(finding.rendered.file, input.display)
          : finding.file
            ? input.display(finding.file).path
            : '(workspace)'
        : finding.category;
    const keys = [...new Set(input.findings.map(keyOf))].sort();
    groups = keys.map((key) => {
      const findings = input.findings.filter((finding) => keyOf(finding) === key);
      const failed = findings.filter((finding) => !finding.exempt).length;
      const exempt = findings.length - failed;
      const group: TreeGroup = {
        id: `${groupBy}-${key}`,
        label: key,
        description: `${failed} finding(s)${exempt ? `, ${exempt} exempt` : ''}`,
        tooltip: key,
        passed: 0,
        failed,
        exempt,
        controls: treeControls(input, findings, undefined),
      };
      const file = groupBy === 'file' ? findings.find((finding) => finding.file)?.file : undefined;
      if (file) {
        // A rendered chart or kustomization is a folder; its findings may sit on several of its files.
        const rendered = findings.some((finding) => finding.rendered);
        const uri = input.display(file).uri;
        group.resource = { uri: rendered ? uri.slice(0, uri.lastIndexOf('/')) : uri, folder: rendered };
      }
      return group;
    });
  }
  return {
    folder: input.folder,
    name: input.name,
    root,
    groupBy,
    groups,
    stages: verdict.stages.map((stage) => ({
      label: `${stage.stage} · ${stage.name}`,
      status: !stage.evidenced ? 'not evidenced' : stage.met ? 'met' : 'not met',
      coverage: stage.coverage,
      passed: stage.passed,
      failed: stage.failed,
      exempt: stage.exempt,
    })),
    model: verdict.model,
    threshold: verdict.threshold,
    nextSteps: verdict.nextSteps.map(({ control, title, severity, failed, remediation }) => ({
      control,
      title,
      severity,
      failed,
      remediation,
    })),
    nextStage: verdict.blockingStage,
    ...(input.notApplied && input.notApplied.length > 0 ? { notApplied: [...input.notApplied] } : {}),
    ...(input.notRendered && input.notRendered.length > 0 ? { notRendered: [...input.notRendered] } : {}),
  };
}

export interface MarkdownHeader {
  generated: Date;
  toolVersion: string;
}

const LENS_NAMES = {
  fairwinds: 'Fairwinds Kubernetes Maturity Model',
  cncf: 'CNCF Cloud Native Maturity Model',
};

/**
 * The exported report: the tree's numbers as Markdown, under a header that dates it and names the
 * product version, the lens and the threshold; the stage table under every grouping; headings one level
 * at a time (a folder's own level in a multi-root workspace).
 */
export function renderMarkdown(trees: readonly WorkspaceTree[], header: MarkdownHeader): string {
  const first = trees[0];
  const lines: string[] = ['# Kubernetes maturity report', ''];
  const thresholds = [...new Set(trees.map((tree) => `${tree.threshold}%`))].join(', ');
  lines.push(
    `Generated ${header.generated.toISOString().slice(0, 16).replace('T', ' ')} UTC by kube-maturity ${escapeMarkdown(header.toolVersion)}` +
      (first ? ` · ${LENS_NAMES[first.model]} · threshold ${thresholds}` : '') +
      (first ? ` · grouped by ${first.groupBy}` : ''),
    '',
  );
  const several = trees.length > 1;
  const heading = (level: number, text: string) => `${'#'.repeat(level + (several ? 1 : 0))} ${text}`;
  for (const tree of trees) {
    if (several) lines.push(`## ${escapeMarkdown(tree.name)}`, '');
    lines.push(`**${tree.root.label}**${tree.root.description ? ` (${tree.root.description})` : ''}`, '');
    if (tree.root.reason) lines.push(`Why not higher: ${tree.root.reason}.`, '');
    if (tree.notApplied)
      lines.push(
        `Restricted mode: not applied from the workspace configuration: ${tree.notApplied.map(escapeMarkdown).join(', ')}.`,
        '',
      );
    if (tree.notRendered) lines.push(`Not rendered: ${tree.notRendered.map(escapeMarkdown).join('; ')}.`, '');
    lines.push(heading(2, tree.root.unit === 'level' ? 'Levels' : 'Stages'), '');
    lines.push(
      `| ${tree.root.unit} | status | coverage | passed | failed | exempt |`,
      '|---|---|---|---|---|---|',
    );
    for (const stage of tree.stages)
      lines.push(
        `| ${stage.label} | ${stage.status} | ${percentOf(stage.coverage, tree.threshold)} | ${stage.passed} | ${stage.failed} | ${stage.exempt} |`,
      );
    lines.push('');
    if (tree.nextSteps.length > 0) {
      lines.push(heading(2, `Next steps to meet ${tree.root.unit} ${tree.nextStage}`), '');
      for (const step of tree.nextSteps)
        lines.push(
          `- **${step.control}** (${step.severity}, ${step.failed} failed): ${step.title}. ${step.remediation}`,
        );
      lines.push('');
    }
    const withFindings = tree.groups.filter((group) =>
      group.controls.some((control) => control.findings.length > 0),
    );
    if (withFindings.length > 0) lines.push(heading(2, `Findings by ${tree.groupBy}`), '');
    for (const group of withFindings) {
      lines.push(heading(3, escapeMarkdown(group.label)), '');
      for (const control of group.controls.filter((candidate) => candidate.findings.length > 0)) {
        lines.push(
          `- **${control.id}**: ${control.title} (${control.failed} failed, ${control.exempt} exempt)`,
        );
        for (const finding of control.findings) {
          lines.push(
            `  - ${finding.exempt ? '~~' : ''}${escapeMarkdown(finding.label)}${finding.file ? ` (${escapeMarkdown(finding.file)})` : ''}: ${escapeMarkdown(finding.message)}${finding.exempt ? `~~ exempt: ${escapeMarkdown(finding.exempt)}` : ''}`,
          );
        }
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

export { FAIRWINDS_STAGES };

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
