/**
 * `helm template` through the product's runner, with the real Helm 3 and Helm 4 (test/support/renderTools):
 * documents by template, errors at the template position Helm names, dependencies that would need the
 * network, and the runner's limits and isolation.
 */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import {
  type ChartRender,
  helmTemplateArgs,
  missingDependencies,
  parseHelmError,
  renderChart,
  splitRendered,
} from '../../server/src/render/helm';
import { runTool } from '../../server/src/render/runTool';
import { FIXTURE_REPOS } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const LIMITS = { timeoutMs: 60_000, maxOutputBytes: 16 * 1024 * 1024 };
const CHART = join(FIXTURE_REPOS, 'helm/webapp');

function chartCopy(): string {
  const directory = join(mkdtempSync(join(tmpdir(), 'kube-maturity-chart-')), 'webapp');
  cpSync(CHART, directory, { recursive: true });
  return directory;
}

function render(chartDir: string, extra: Partial<ChartRender> = {}): ChartRender {
  return { chartDir, release: 'demo', namespace: 'shop', valuesFiles: [], set: {}, ...extra };
}

describe('helm template arguments', () => {
  it('names the release, chart, namespace, values files in order, set values and kube version; nothing that reaches the network', () => {
    const args = helmTemplateArgs(
      render('/charts/webapp', {
        valuesFiles: ['/charts/webapp/values.yaml', '/charts/webapp/ci/ingress-values.yaml'],
        set: { 'image.tag': '1.2.3' },
        kubeVersion: '1.33.0',
      }),
    );
    assert.deepEqual(args, [
      'template',
      'demo',
      '/charts/webapp',
      '--namespace',
      'shop',
      '--values',
      '/charts/webapp/values.yaml',
      '--values',
      '/charts/webapp/ci/ingress-values.yaml',
      '--set',
      'image.tag=1.2.3',
      '--kube-version',
      '1.33.0',
    ]);
    for (const flag of ['--post-renderer', '--repo', '--dependency-update', '--verify', '--validate'])
      assert.ok(!args.includes(flag), flag);
  });
});

describe('rendered output', () => {
  it("splits documents by their # Source template, numbering each template's documents", () => {
    const output =
      '---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\nkind: B\n---\n# Source: c/templates/a.yaml\nkind: A2\n';
    const documents = splitRendered(output);
    assert.deepEqual(
      documents.map((document) => [
        document.source,
        document.indexInSource,
        document.text.trim().split('\n').pop(),
      ]),
      [
        ['c/templates/a.yaml', 0, 'kind: A'],
        ['c/templates/b.yaml', 0, 'kind: B'],
        ['c/templates/a.yaml', 1, 'kind: A2'],
      ],
    );
    for (const document of documents)
      assert.equal(output.slice(document.start, document.start + document.text.length), document.text);
  });

  it("reads the template position of execution, parse and template errors, and names a YAML error's template", () => {
    assert.deepEqual(
      parseHelmError(
        'Error: execution error at (webapp/templates/deployment.yaml:9:15): image.repository is required\n',
      ),
      {
        template: 'webapp/templates/deployment.yaml',
        line: 9,
        column: 15,
        message: 'image.repository is required',
      },
    );
    assert.deepEqual(
      parseHelmError('Error: parse error at (webapp/templates/service.yaml:4): unexpected "}" in operand\n'),
      {
        template: 'webapp/templates/service.yaml',
        line: 4,
        column: undefined,
        message: 'unexpected "}" in operand',
      },
    );
    const yaml = parseHelmError(
      'Error: YAML parse error on webapp/templates/hpa.yaml: error converting YAML to JSON: yaml: line 12: did not find expected key\n',
    );
    assert.equal(yaml.template, 'webapp/templates/hpa.yaml');
    assert.equal(yaml.line, undefined, "a rendered line is not the template's");
    assert.match(yaml.message, /line 12: did not find expected key/);
  });

  it('lists the dependencies that are not vendored in charts/', () => {
    const chartDir = chartCopy();
    const chartYaml = `${readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')}dependencies:\n  - name: redis\n    version: 18.x.x\n    repository: https://charts.example.com\n  - name: common\n    version: 2.0.0\n    repository: file://../common\n`;
    assert.deepEqual(missingDependencies(chartDir, chartYaml), ['redis', 'common']);
    cpSync(CHART, join(chartDir, 'charts/common'), { recursive: true });
    writeFileSync(join(chartDir, 'charts/redis-18.1.0.tgz'), '');
    assert.deepEqual(missingDependencies(chartDir, chartYaml), []);
    assert.deepEqual(
      missingDependencies(chartDir, 'apiVersion: v1\nname: old\n', 'dependencies:\n  - name: mysql\n'),
      ['mysql'],
    );
  });
});

describeWithRenderTools('helm template with the real binaries', (tools) => {
  describe(`${tools.name} (${tools.helmVersion})`, () => {
    it('renders the fixture chart into its documents, each parsing, named by template', async () => {
      const outcome = await renderChart(tools.helm, render(CHART), LIMITS);
      assert.equal(outcome.kind, 'rendered', JSON.stringify(outcome));
      if (outcome.kind !== 'rendered') return;
      const sources = outcome.documents.map((document) => document.source).sort();
      assert.deepEqual(sources, [
        'webapp/templates/deployment.yaml',
        'webapp/templates/hpa.yaml',
        'webapp/templates/service.yaml',
        'webapp/templates/serviceaccount.yaml',
        'webapp/templates/tests/test-connection.yaml',
      ]);
      for (const document of outcome.documents) {
        const [parsed] = parseAllDocuments(document.text);
        assert.equal(parsed.errors.length, 0, document.source);
        assert.equal(
          (parsed.toJS() as { metadata: { namespace?: string } }).metadata.namespace ?? 'shop',
          'shop',
        );
      }
      const deployment = outcome.documents.find((document) => document.source.endsWith('deployment.yaml'))!;
      assert.match(deployment.text, /name: demo-webapp/);
    });

    it('takes values files and set values', async () => {
      const chartDir = chartCopy();
      writeFileSync(join(chartDir, 'override.yaml'), 'ingress:\n  enabled: true\n');
      const outcome = await renderChart(
        tools.helm,
        render(chartDir, { valuesFiles: [join(chartDir, 'override.yaml')], set: { 'image.tag': '9.9.9' } }),
        LIMITS,
      );
      assert.equal(outcome.kind, 'rendered', JSON.stringify(outcome));
      if (outcome.kind !== 'rendered') return;
      assert.ok(outcome.documents.some((document) => document.source.endsWith('ingress.yaml')));
      assert.match(outcome.output, /:9\.9\.9"/);
    });

    it('passes a set value with commas as one value: it sets no other key', async () => {
      const outcome = await renderChart(
        tools.helm,
        render(chartCopy(), { set: { 'image.tag': '9,image.pullPolicy=Always' } }),
        LIMITS,
      );
      assert.equal(outcome.kind, 'rendered', JSON.stringify(outcome));
      if (outcome.kind !== 'rendered') return;
      assert.match(outcome.output, /:9,image\.pullPolicy=Always"/);
      assert.match(outcome.output, /imagePullPolicy: IfNotPresent/);
    });

    it('reports an execution error at the template line and column Helm names', async () => {
      const chartDir = chartCopy();
      const path = join(chartDir, 'templates/service.yaml');
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.splice(3, 0, '  # {{ required "service.port must be set" .Values.service.nothing }}');
      writeFileSync(path, lines.join('\n'));
      const outcome = await renderChart(tools.helm, render(chartDir), LIMITS);
      assert.equal(outcome.kind, 'error', JSON.stringify(outcome));
      if (outcome.kind !== 'error') return;
      assert.equal(outcome.error.template, 'webapp/templates/service.yaml');
      assert.equal(outcome.error.line, 4);
      assert.match(outcome.error.message, /service\.port must be set/);
    });

    it('reports a parse error at the template line', async () => {
      const chartDir = chartCopy();
      const path = join(chartDir, 'templates/hpa.yaml');
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.splice(1, 0, '{{ .Values.broken }');
      writeFileSync(path, lines.join('\n'));
      const outcome = await renderChart(tools.helm, render(chartDir), LIMITS);
      assert.equal(outcome.kind, 'error', JSON.stringify(outcome));
      if (outcome.kind !== 'error') return;
      assert.equal(outcome.error.template, 'webapp/templates/hpa.yaml');
      assert.equal(outcome.error.line, 2);
    });
  });
});

describe('the tool runner', () => {
  it('runs the binary without a shell, from a folder outside the workspace, with an empty home', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-fake-tool-'));
    const fake = join(folder, 'fake-helm');
    writeFileSync(fake, '#!/bin/sh\necho "cwd=$(pwd) home=$HOME kubeconfig=$KUBECONFIG args=$*"\n');
    chmodSync(fake, 0o755);
    const result = await runTool({
      binary: fake,
      args: ['template', '$(touch /tmp/x)', ';', 'ls'],
      ...LIMITS,
    });
    assert.equal(result.kind, 'ok');
    if (result.kind !== 'ok') return;
    assert.match(result.stdout, /args=template \$\(touch \/tmp\/x\) ; ls/);
    const home = /home=(\S+)/.exec(result.stdout)![1];
    assert.match(result.stdout, new RegExp(`cwd=${home}/work `));
    assert.ok(home.startsWith(tmpdir()), home);
    assert.match(result.stdout, /kubeconfig=\S+no-kubeconfig/);
  });

  it('stops a tool at its time limit, its output cap, or when cancelled, and names a missing binary', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-fake-tool-'));
    const slow = join(folder, 'slow');
    writeFileSync(slow, '#!/bin/sh\nsleep 30\n');
    chmodSync(slow, 0o755);
    const loud = join(folder, 'loud');
    writeFileSync(loud, '#!/bin/sh\nyes kube-maturity\n');
    chmodSync(loud, 0o755);
    assert.equal(
      (await runTool({ binary: slow, args: [], timeoutMs: 200, maxOutputBytes: 1024 })).kind,
      'timeout',
    );
    assert.equal(
      (await runTool({ binary: loud, args: [], timeoutMs: 30_000, maxOutputBytes: 64 * 1024 })).kind,
      'too-large',
    );
    const controller = new AbortController();
    const cancelled = runTool({
      binary: slow,
      args: [],
      timeoutMs: 30_000,
      maxOutputBytes: 1024,
      signal: controller.signal,
    });
    controller.abort();
    assert.equal((await cancelled).kind, 'cancelled');
    const missing = await runTool({ binary: join(folder, 'no-such-helm'), args: [], ...LIMITS });
    assert.deepEqual(missing, { kind: 'missing', message: `${join(folder, 'no-such-helm')}: not found` });
  });

  it('starts a tool only once the end of the typing pause has come, and not at all when cancelled before', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kube-maturity-fake-tool-'));
    const marker = join(folder, 'ran');
    const recording = join(folder, 'recording');
    writeFileSync(recording, `#!/bin/sh\necho "run $*" >> '${marker}'\necho done\n`);
    chmodSync(recording, 0o755);
    let pauseEnds!: () => void;
    const pause = new Promise<void>((resolve) => {
      pauseEnds = resolve;
    });
    const waiting = runTool({ binary: recording, args: ['gated'], ...LIMITS, startAfter: pause });
    // The same tool started after it, at once: it has run, the one waiting for the pause has not.
    await runTool({ binary: recording, args: ['at-once'], ...LIMITS });
    assert.equal(readFileSync(marker, 'utf8'), 'run at-once\n', 'the tool ran before the pause ended');
    pauseEnds();
    assert.deepEqual(await waiting, { kind: 'ok', stdout: 'done\n', stderr: '' });
    assert.equal(readFileSync(marker, 'utf8'), 'run at-once\nrun gated\n');

    const controller = new AbortController();
    const neverOver = new Promise<void>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve()),
    );
    const cancelled = runTool({
      binary: recording,
      args: ['cancelled'],
      ...LIMITS,
      signal: controller.signal,
      startAfter: neverOver,
    });
    controller.abort();
    assert.equal((await cancelled).kind, 'cancelled');
    assert.equal(
      readFileSync(marker, 'utf8'),
      'run at-once\nrun gated\n',
      'a tool cancelled during the pause ran',
    );
  });
});
