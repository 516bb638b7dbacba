/**
 * `check --render` on the real-world corpus with the real Helm: every chart rendered or reported with a
 * reason, every finding in a file of the corpus (a template, a helper, a plain file) with a range inside
 * it, none left on a rendered document, none on a template's first line by default.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import type { VerdictResult } from '../../server/src/protocol';
import type { WorkspaceTree } from '../../server/src/report/tree';
import { LspTestClient } from '../support/lspClient';
import { CORPUS } from '../support/paths';
import { describeWithRenderTools, runRenderCheck } from '../support/renderTools';

interface JsonFinding {
  control: string;
  file?: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The chart folders under a folder (not those vendored in another chart's charts/). */
function chartFolders(root: string, folder = '', found: string[] = []): string[] {
  for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
    const path = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory() && entry.name !== 'charts') chartFolders(root, path, found);
    else if (entry.isDirectory()) {
      // charts/ of a repository (not of a chart) holds charts.
      if (!existsSync(join(root, folder, 'Chart.yaml'))) chartFolders(root, path, found);
    } else if (entry.name === 'Chart.yaml') found.push(folder);
  }
  return found.sort();
}

describeWithRenderTools('check --render on the corpus', (tools) => {
  it(`${tools.name}: every chart rendered or reported, every finding on a line of a corpus file`, {
    timeout: 300_000,
  }, () => {
    const run = runRenderCheck(tools, CORPUS);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const charts = chartFolders(CORPUS);
    const renderProblems = (report.problems as Array<{ kind: string; file: string; message: string }>).filter(
      (problem) => problem.kind === 'render',
    );
    const rendered = (report.files.skipped as Array<{ file: string; reason: string }>).filter((entry) =>
      /rendered with helm template/.test(entry.reason),
    );
    const stillTemplates = (report.files.skipped as Array<{ reason: string }>).filter((entry) =>
      /Helm chart template/.test(entry.reason),
    );
    assert.equal(stillTemplates.length, 0, 'a chart neither rendered nor reported');
    assert.ok(rendered.length >= 50, `${rendered.length} templates rendered`);
    const renderedCharts = new Set(
      rendered.map((entry) => entry.file.slice(0, entry.file.indexOf('/templates/'))),
    );
    const reportedCharts = new Set(
      renderProblems
        .filter((problem) => problem.file.endsWith('/Chart.yaml'))
        .map((problem) => problem.file.replace(/\/Chart\.yaml$/, '')),
    );
    assert.deepEqual(
      [...renderedCharts, ...reportedCharts].sort(),
      charts,
      'every chart rendered or reported',
    );
    const texts = new Map<string, string[]>();
    let onTemplates = 0;
    for (const finding of report.findings as JsonFinding[]) {
      if (!finding.file) continue;
      assert.doesNotMatch(finding.file, /#rendered/);
      let lines = texts.get(finding.file);
      if (!lines) {
        lines = readFileSync(join(CORPUS, finding.file), 'utf8').split(/\r?\n/);
        texts.set(finding.file, lines);
      }
      const { start } = finding.range!;
      assert.ok(start.line < lines.length, `${finding.file}:${start.line + 1}`);
      assert.ok(
        start.character <= lines[start.line].length,
        `${finding.file}:${start.line + 1}:${start.character + 1}`,
      );
      if (/\/templates\//.test(finding.file)) {
        onTemplates++;
        assert.notEqual(start.line, 0, `${finding.control} on the first line of ${finding.file}`);
      }
    }
    const built = (report.files.skipped as Array<{ reason: string }>).filter((entry) =>
      /^built by /.test(entry.reason),
    );
    console.log(
      `render (${tools.name}, corpus): ${rendered.length} templates rendered, ${built.length} files built by kustomizations, ${renderProblems.length} chart(s) and kustomization(s) reported (${renderProblems.map((problem) => problem.file).join(', ')}), ${onTemplates} findings on template lines, ${charts.length} charts`,
    );
    assert.ok(onTemplates >= 100, `${onTemplates} findings on templates`);
    assert.ok(built.length >= 40, `${built.length} files built by kustomizations`);
    for (const problem of renderProblems)
      assert.match(problem.file, /(Chart\.yaml|kustomization\.yaml)$/, problem.message);
  });
});

describeWithRenderTools('the editor renders the corpus as check --render does', (tools) => {
  it(`${tools.name}: the same verdict, score and findings (file, control, range) from the server and the CLI`, {
    timeout: 300_000,
  }, async () => {
    const cli = JSON.parse(runRenderCheck(tools, CORPUS).stdout) as {
      stage: { stage: number };
      score: number;
      findings: Array<JsonFinding & { exempt?: unknown }>;
    };
    const client = new LspTestClient();
    client.settings = { helm: { path: tools.helm }, kustomize: { path: tools.kubectl } };
    try {
      await client.initialize(CORPUS);
      await client.waitForRevision(1);
      await client.connection.sendRequest('kubeMaturity/rendersIdle', {});
      const verdict = await client.connection.sendRequest<VerdictResult>('kubeMaturity/verdict', {});
      assert.equal(verdict.folders[0].stage.stage, cli.stage.stage);
      assert.equal(verdict.folders[0].score, cli.score);
      const [tree] = await client.connection.sendRequest<WorkspaceTree[]>('kubeMaturity/tree', {
        groupBy: 'file',
      });
      const key = (control: string, file: string | undefined, range: JsonFinding['range']) =>
        `${file ?? '-'}|${control}|${range ? `${range.start.line}:${range.start.character}` : '-'}`;
      const fromServer = tree.groups
        .flatMap((group) =>
          group.controls.flatMap((control) =>
            control.findings.map((finding) =>
              key(control.id, finding.file?.replace(/:\d+$/, ''), finding.range),
            ),
          ),
        )
        .sort();
      const fromCli = cli.findings.map((finding) => key(finding.control, finding.file, finding.range)).sort();
      assert.equal(fromServer.length, fromCli.length);
      assert.deepEqual(fromServer, fromCli);
      console.log(
        `editor render (${tools.name}): ${fromServer.length} findings, the CLI's, stage ${cli.stage.stage}, score ${cli.score}`,
      );
    } finally {
      await client.stop();
    }
  });
});
