import type { Range } from '../../server/src/engine/text';
import type { TreeControl, TreeFinding, TreeGroup, WorkspaceTree } from '../../server/src/report/tree';

/**
 * What the sidebar shows, as plain data: the tree provider only turns these into VS Code TreeItems, so the
 * tree's contents are tested without an editor.
 */
export interface TreeNode {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id, with an optional theme colour id. */
  icon?: { id: string; color?: string };
  /** A file or folder whose icon (from the file icon theme) the row shows instead of `icon`. */
  resource?: { uri: string; folder: boolean };
  /** Greyed (exempt findings). */
  muted?: boolean;
  open?: { uri: string; range?: Range };
  contextValue?: string;
  children: TreeNode[];
}

const SEVERITY_ICON = {
  error: { id: 'error', color: 'problemsErrorIcon.foreground' },
  warning: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  info: { id: 'info', color: 'problemsInfoIcon.foreground' },
} as const;

function findingNode(parent: string, finding: TreeFinding, index: number): TreeNode {
  return {
    id: `${parent}/f${index}`,
    label: finding.label,
    description: finding.exempt ? `exempt: ${finding.exempt}` : finding.file,
    tooltip: finding.exempt ? `${finding.message}\nExempt: ${finding.exempt}` : finding.message,
    icon: finding.exempt
      ? { id: 'circle-slash', color: 'disabledForeground' }
      : SEVERITY_ICON[finding.severity],
    muted: Boolean(finding.exempt),
    open: finding.uri ? { uri: finding.uri, range: finding.range } : undefined,
    contextValue: 'finding',
    children: [],
  };
}

function controlNode(parent: string, control: TreeControl): TreeNode {
  const id = `${parent}/${control.id}`;
  const counts = [`${control.failed} failed`];
  if (control.passed) counts.push(`${control.passed} passed`);
  if (control.exempt) counts.push(`${control.exempt} exempt`);
  return {
    id,
    label: control.id,
    description: counts.join(' · '),
    tooltip: `${control.title}\nStage ${control.stage} · ${control.category} · ${control.severity}`,
    icon: control.failed > 0 ? SEVERITY_ICON[control.severity] : { id: 'pass', color: 'testing.iconPassed' },
    contextValue: 'control',
    children: control.findings.map((finding, index) => findingNode(id, finding, index)),
  };
}

const CATEGORY_ICON: Record<string, string> = {
  security: 'shield',
  reliability: 'pulse',
  efficiency: 'dashboard',
  operations: 'tools',
};

function groupIcon(group: TreeGroup): TreeNode['icon'] {
  if (group.status === 'met') return { id: 'pass-filled', color: 'testing.iconPassed' };
  if (group.status === 'not met') return { id: 'circle-large-outline', color: 'testing.iconFailed' };
  if (group.status === 'not evidenced') return { id: 'circle-large-outline', color: 'disabledForeground' };
  if (group.id.startsWith('category-')) return { id: CATEGORY_ICON[group.label] ?? 'tag' };
  if (group.id === 'file-(workspace)') return { id: 'globe' };
  return { id: 'file' };
}

function groupNode(parent: string, group: TreeGroup): TreeNode {
  const id = `${parent}/${group.id}`;
  return {
    id,
    label: group.label,
    description: group.description,
    tooltip: group.tooltip,
    icon: groupIcon(group),
    ...(group.resource ? { resource: group.resource } : {}),
    contextValue: 'group',
    children: group.controls.map((control) => controlNode(id, control)),
  };
}

/** The nodes of one folder: the verdict, the next steps, then the groups (stages, files or categories). */
export function folderNodes(tree: WorkspaceTree): TreeNode[] {
  const id = tree.folder || 'open-files';
  const root: TreeNode = {
    id: `${id}/verdict`,
    label: tree.root.label,
    description: tree.root.description,
    tooltip: tree.root.tooltip,
    icon: { id: 'graph' },
    contextValue: 'verdict',
    children: [],
  };
  const nodes = [root];
  if (tree.notApplied)
    nodes.push({
      id: `${id}/restricted`,
      label: 'Restricted mode: workspace configuration not applied',
      description: tree.notApplied.join(', '),
      tooltip:
        'This workspace is not trusted: its own configuration may add exemptions (listed as exempt) and make controls stricter, but cannot turn controls off, exclude files, lower the threshold or change the values fixes write. Trust the workspace to apply it.',
      icon: { id: 'shield' },
      contextValue: 'restricted',
      children: tree.notApplied.map((entry, index) => ({
        id: `${id}/restricted/${index}`,
        label: entry,
        icon: { id: 'circle-slash' },
        children: [],
      })),
    });
  if (tree.notRendered)
    nodes.push({
      id: `${id}/not-rendered`,
      label: `Not rendered: ${tree.notRendered.length} chart${tree.notRendered.length === 1 ? '' : 's'} or kustomization${tree.notRendered.length === 1 ? '' : 's'}`,
      tooltip:
        'These are checked as they would be deployed only once rendered: with helm template and kustomize build, in a trusted workspace, with the binaries on PATH or in kubeMaturity.helm.path / kubeMaturity.kustomize.path.',
      icon: { id: 'warning' },
      contextValue: 'notRendered',
      children: tree.notRendered.map((entry, index) => ({
        id: `${id}/not-rendered/${index}`,
        label: entry,
        icon: { id: 'circle-slash' },
        children: [],
      })),
    });
  if (tree.root.reason)
    nodes.push({
      id: `${id}/reason`,
      label: `Why not higher: ${tree.root.reason}`,
      tooltip: tree.root.tooltip,
      icon: { id: 'info' },
      contextValue: 'reason',
      children: [],
    });
  if (tree.nextSteps.length > 0) {
    const stepsId = `${id}/next-steps`;
    nodes.push({
      id: stepsId,
      label: 'Next steps',
      description: tree.nextStage === null ? undefined : `to meet ${tree.root.unit} ${tree.nextStage}`,
      icon: { id: 'arrow-up' },
      contextValue: 'nextSteps',
      children: tree.nextSteps.map((step) => ({
        id: `${stepsId}/${step.control}`,
        label: step.control,
        description: `${step.failed} failed · ${step.title}`,
        tooltip: step.remediation,
        icon: SEVERITY_ICON[step.severity],
        contextValue: 'nextStep',
        children: [],
      })),
    });
  }
  nodes.push(...tree.groups.map((group) => groupNode(id, group)));
  return nodes;
}

/** The whole tree: one folder's nodes directly, or one level per folder in a multi-root workspace. */
export function treeNodes(trees: readonly WorkspaceTree[], status?: string): TreeNode[] {
  const nodes: TreeNode[] =
    trees.length === 1
      ? folderNodes(trees[0])
      : trees.map((tree) => ({
          id: tree.folder || 'open-files',
          label: tree.name,
          description: tree.root.label,
          icon: { id: 'root-folder' },
          children: folderNodes(tree),
        }));
  if (status)
    nodes.unshift({
      id: 'status',
      label: status,
      icon: { id: 'debug-restart', color: 'problemsWarningIcon.foreground' },
      children: [],
    });
  return nodes;
}

/** The status bar text: "K8s stage N/7 · F failed" (or the CNCF level), F the failed checks the stage rows count. */
export function statusText(trees: readonly WorkspaceTree[]): string {
  const tree = trees[0];
  if (!tree || tree.root.stage === null) return 'K8s stage –';
  const verdict =
    tree.root.unit === 'level' ? `K8s level ${tree.root.stage}/5` : `K8s stage ${tree.root.stage}/7`;
  return `${verdict} · ${tree.root.checks.failed} failed`;
}

/** The status bar tooltip: the verdict, why it stops there, and what its count counts. */
export function statusTooltip(trees: readonly WorkspaceTree[]): string {
  const tree = trees[0];
  if (!tree) return 'Kubernetes maturity of the manifests in this workspace';
  const folder = trees.length > 1 ? ` of ${tree.name} (the first folder)` : '';
  const { passed, failed, exempt } = tree.root.checks;
  const counts =
    tree.root.stage === null
      ? ''
      : `\n${failed} failed, ${passed} passed, ${exempt} exempt checks: a check is one control on one container, pod spec, object or namespace, as the view's stage rows count them (passed/failed/exempt). The Problems panel lists findings: a failed check may report more than one.`;
  const why = tree.root.reason ? `\nWhy not higher: ${tree.root.reason}` : '';
  return `Kubernetes maturity${folder}: ${tree.root.label}${tree.root.description ? ` (${tree.root.description})` : ''}${counts}${why}`;
}
