import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { statusText, statusTooltip, type TreeNode, treeNodes } from '../client/src/treeModel';
import { percentOf } from '../server/src/report/coverage';
import type { WorkspaceTree } from '../server/src/report/tree';
import { runCli } from './support/cli';
import { LspTestClient } from './support/lspClient';
import { PROJECT_ROOT } from './support/paths';

interface CliStage {
  stage: number;
  name: string;
  passed: number;
  failed: number;
  exempt: number;
  met: boolean;
  evidenced: boolean;
  coverage: number | null;
}

const EXAMPLES = join(PROJECT_ROOT, 'examples');

function walk(nodes: TreeNode[], visit: (node: TreeNode, depth: number) => void, depth = 0): void {
  for (const node of nodes) {
    visit(node, depth);
    walk(node.children, visit, depth + 1);
  }
}

describe('the maturity tree (sidebar model) on the sample workspace', () => {
  let client: LspTestClient;

  before(async () => {
    client = new LspTestClient();
    await client.initialize(EXAMPLES);
    await client.waitForRevision(1);
  });
  after(() => client.stop());

  for (const model of ['fairwinds', 'cncf'] as const) {
    it(`shows the CLI's verdict, stage coverage and counts (${model} lens)`, async () => {
      const trees = (await client.connection.sendRequest('kubeMaturity/tree', {
        model,
        groupBy: 'stage',
      })) as WorkspaceTree[];
      const nodes = treeNodes(trees);
      const cli = JSON.parse(
        runCli(['check', '--format', 'json', '--fail-on', 'none', '--model', model, '.'], { cwd: EXAMPLES })
          .stdout,
      );
      const total = model === 'cncf' ? 5 : 7;
      const unit = model === 'cncf' ? 'Level' : 'Stage';
      assert.equal(nodes[0].label, `${unit} ${cli.stage.stage} of ${total} · ${cli.stage.name}`);
      assert.match(nodes[0].description ?? '', new RegExp(`^score ${cli.score}\\b`));
      assert.match(nodes[0].tooltip ?? '', /highest N such that every (stage|level) from/);
      const failedChecks = cli.stage.stages.reduce(
        (total: number, stage: CliStage) => total + stage.failed,
        0,
      );
      assert.ok(failedChecks > 0);
      assert.equal(
        statusText(trees),
        `K8s ${unit.toLowerCase()} ${cli.stage.stage}/${total} · ${failedChecks} failed`,
      );
      assert.match(
        statusTooltip(trees),
        new RegExp(`\\n${failedChecks} failed, \\d+ passed, \\d+ exempt checks: `),
      );

      const stageNodes = nodes.filter((node) => node.contextValue === 'group');
      assert.equal(stageNodes.length, cli.stage.stages.length);
      cli.stage.stages.forEach((stage: CliStage, index: number) => {
        const node = stageNodes[index];
        assert.equal(node.label, `${stage.stage} · ${stage.name}`);
        const status = !stage.evidenced ? 'not evidenced' : stage.met ? 'met' : 'not met';
        assert.ok(node.description?.startsWith(status), `${node.label}: ${node.description}`);
        if (!(stage.stage === 1 && model === 'fairwinds')) {
          assert.ok(
            node.description?.endsWith(`${stage.passed}/${stage.failed}/${stage.exempt}`),
            `${node.label}: ${node.description}`,
          );
        }
        // The control rows under a stage add up to the stage's checks.
        const sums = { passed: 0, failed: 0, exempt: 0 };
        for (const control of node.children) {
          const [failed, passed = '0', exempt = '0'] = [
            /(\d+) failed/.exec(control.description ?? '')?.[1],
            /(\d+) passed/.exec(control.description ?? '')?.[1],
            /(\d+) exempt/.exec(control.description ?? '')?.[1],
          ];
          sums.failed += Number(failed);
          sums.passed += Number(passed);
          sums.exempt += Number(exempt);
        }
        assert.deepEqual(
          sums,
          { passed: stage.passed, failed: stage.failed, exempt: stage.exempt },
          node.label,
        );
      });

      const next = nodes.find((node) => node.contextValue === 'nextSteps');
      assert.deepEqual(
        next?.children.map((child) => child.label),
        cli.stage.nextSteps.map((step: { control: string }) => step.control),
      );
    });
  }

  it('lists findings under their control with file:line, opens their exact range, greys exempt ones with the reason', async () => {
    const trees = (await client.connection.sendRequest('kubeMaturity/tree', {
      groupBy: 'stage',
    })) as WorkspaceTree[];
    const findings: TreeNode[] = [];
    walk(treeNodes(trees), (node) => {
      if (node.contextValue === 'finding') findings.push(node);
    });
    const cli = JSON.parse(
      runCli(['check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: EXAMPLES }).stdout,
    );
    assert.equal(findings.length, cli.findings.length);
    const probe = findings.find(
      (node) => node.label === 'Deployment shop/frontend · web' && node.tooltip?.includes('no livenessProbe'),
    )!;
    assert.equal(probe.description, 'shop/frontend.yaml:22');
    assert.match(probe.open?.uri ?? '', /examples\/shop\/frontend\.yaml$/);
    assert.deepEqual(probe.open?.range?.start, { line: 21, character: 10 });
    const exempt = findings.filter((node) => node.muted);
    assert.equal(exempt.length, 1);
    assert.equal(exempt[0].description, 'exempt: debugging pod, started by hand');
    assert.equal(exempt[0].icon?.id, 'circle-slash');
  });

  it('groups by file and by category', async () => {
    for (const groupBy of ['file', 'category'] as const) {
      const trees = (await client.connection.sendRequest('kubeMaturity/tree', {
        groupBy,
      })) as WorkspaceTree[];
      const groups = treeNodes(trees).filter((node) => node.contextValue === 'group');
      const labels = groups.map((node) => node.label);
      if (groupBy === 'file') {
        assert.ok(labels.includes('shop/frontend.yaml') && labels.includes('(workspace)'), labels.join(', '));
        // File rows show the file icon theme's icon of their file; the workspace's row has none to show.
        const frontend = groups.find((node) => node.label === 'shop/frontend.yaml')!;
        assert.deepEqual(frontend.resource, {
          uri: pathToFileURL(join(EXAMPLES, 'shop/frontend.yaml')).toString(),
          folder: false,
        });
        assert.equal(groups.find((node) => node.label === '(workspace)')!.resource, undefined);
      } else {
        assert.deepEqual(labels, ['efficiency', 'operations', 'reliability', 'security']);
        assert.deepEqual(
          groups.map((node) => node.icon?.id),
          ['dashboard', 'tools', 'pulse', 'shield'],
        );
      }
    }
  });

  for (const groupBy of ['stage', 'file', 'category'] as const)
    it(`exports a Markdown report with the same numbers, grouped by ${groupBy}`, async () => {
      const markdown = (await client.connection.sendRequest('kubeMaturity/markdownReport', {
        groupBy,
      })) as string;
      const cli = JSON.parse(
        runCli(['check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: EXAMPLES }).stdout,
      );
      assert.match(
        markdown,
        /^# Kubernetes maturity report\n\nGenerated \d{4}-\d\d-\d\d \d\d:\d\d UTC by kube-maturity \d+\\\.\d+\\\.\d+ · Fairwinds Kubernetes Maturity Model · threshold 80% · grouped by /,
      );
      assert.match(
        markdown,
        new RegExp(`\\*\\*Stage ${cli.stage.stage} of 7 · ${cli.stage.name}\\*\\* \\(score ${cli.score}\\)`),
      );
      // The same stage table whatever the grouping.
      for (const stage of cli.stage.stages as CliStage[]) {
        const status = !stage.evidenced ? 'not evidenced' : stage.met ? 'met' : 'not met';
        assert.ok(
          markdown.includes(`| ${stage.stage} · ${stage.name} | ${status} |`) &&
            markdown.includes(`| ${stage.passed} | ${stage.failed} | ${stage.exempt} |`),
          `${groupBy}: stage ${stage.stage}`,
        );
      }
      // Headings go down one level at a time.
      let level = 0;
      for (const line of markdown.split('\n')) {
        const heading = /^(#+) /.exec(line);
        if (!heading) continue;
        assert.ok(heading[1].length <= level + 1, `${groupBy}: "${line}" after a level-${level} heading`);
        level = heading[1].length;
      }
      assert.ok(markdown.includes(`## Findings by ${groupBy}`));
    });
});

describe('the maturity tree on manifests with no workload', () => {
  it('shows stage 1 and why not higher, in the view, the status bar tooltip and the Markdown export', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-tree-'));
    writeFileSync(
      join(folder, 'rbac.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  mode: fast\n',
    );
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      for (const model of ['fairwinds', 'cncf'] as const) {
        const trees = (await client.connection.sendRequest('kubeMaturity/tree', {
          model,
          groupBy: 'stage',
        })) as WorkspaceTree[];
        const why =
          model === 'cncf'
            ? 'no workload in these manifests: level 1 stays at its floor, and levels 2 to 3 cannot be judged'
            : 'no workload in these manifests: stages 2 to 5 cannot be judged';
        const nodes = treeNodes(trees);
        assert.equal(nodes[0].label, model === 'cncf' ? 'Level 1 of 5 · Build' : 'Stage 1 of 7 · Prepare');
        assert.equal(nodes[1].label, `Why not higher: ${why}`);
        assert.match(statusTooltip(trees), new RegExp(`Why not higher: ${why}$`));
        const markdown = (await client.connection.sendRequest('kubeMaturity/markdownReport', {
          model,
          groupBy: 'stage',
        })) as string;
        assert.ok(markdown.includes(`Why not higher: ${why}.`), markdown);
      }
    } finally {
      await client.stop();
    }
  });
});

describe('coverage with a threshold that has a tenth', () => {
  it('is shown to a tenth, floored, in the view, the Markdown export, the CLI text and the HTML page', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-tree-'));
    cpSync(EXAMPLES, folder, { recursive: true });
    const config = join(folder, '.kube-maturity.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('stageThreshold: 80', 'stageThreshold: 86.2'));
    const cli = JSON.parse(
      runCli(['check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: folder }).stdout,
    );
    const tenths = (coverage: number) => `${(Math.floor(coverage * 1000) / 10).toFixed(1)}%`;
    const judged = (cli.stage.stages as CliStage[]).filter(
      (stage) => stage.stage > 1 && stage.coverage !== null,
    );
    assert.ok(judged.length >= 3, 'the sample workspace judges several stages');
    // 0.8625 would read 86% in whole percents, below 86.2; some stage must show why the tenth matters.
    assert.ok(judged.some((stage) => !Number.isInteger(Math.floor(stage.coverage! * 1000) / 10)));
    const text = runCli(['check', '--fail-on', 'none', '.'], { cwd: folder }).stdout;
    const html = runCli(['check', '--format', 'html', '--fail-on', 'none', '.'], { cwd: folder }).stdout;
    const client = new LspTestClient();
    try {
      await client.initialize(folder);
      await client.waitForRevision(1);
      const trees = (await client.connection.sendRequest('kubeMaturity/tree', {
        groupBy: 'stage',
      })) as WorkspaceTree[];
      const rows = treeNodes(trees).filter((node) => node.contextValue === 'group');
      const markdown = (await client.connection.sendRequest('kubeMaturity/markdownReport', {
        groupBy: 'stage',
      })) as string;
      for (const stage of judged) {
        const shown = tenths(stage.coverage!);
        const row = rows.find((node) => node.label === `${stage.stage} · ${stage.name}`);
        assert.ok(row?.description?.includes(` · ${shown} · `), `${row?.description} shows ${shown}`);
        assert.ok(
          markdown.includes(`| ${stage.stage} · ${stage.name} | `) && markdown.includes(`| ${shown} |`),
        );
        assert.match(text, new RegExp(`${stage.stage} ${stage.name} .* ${shown.replace('.', '\\.')} `));
        assert.ok(html.includes(shown), `the page shows ${shown}`);
      }
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('percentOf', () => {
  it('floors with the verdict tolerance: 29 of 50 at a threshold of 58 reads 58%, not 57%', () => {
    assert.equal(percentOf(29 / 50, 58), '58%');
    assert.equal(percentOf(57 / 100, 80), '57%');
    assert.equal(percentOf(0.8619, 86.2), '86.1%');
    assert.equal(percentOf(0.862, 86.2), '86.2%');
    assert.equal(percentOf(0.999, 80), '99%');
    assert.equal(percentOf(null, 80), '—');
  });
});
