import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allControls } from '../server/src/controls';
import { jsonText, LazyList } from '../server/src/report/jsonText';
import { runCli } from './support/cli';
import { reportValidator, sarifValidator } from './support/schemas';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # the front end
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
`;

function workspace(files: Record<string, string | Buffer>): string {
  const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

describe('kube-maturity check', () => {
  it('text: findings grouped by file with 1-based file:line:col, then the stage and next steps; exit 1 on errors', () => {
    const directory = workspace({ 'web.yaml': DEPLOYMENT });
    const run = runCli(['check', '.'], { cwd: directory });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^web\.yaml$/m);
    assert.match(
      run.stdout,
      /web\.yaml:15:11 {2}error {2}image-tag-missing {2}Deployment web, container web: image "nginx" has no tag/,
    );
    assert.match(run.stdout, /Maturity: Stage \d of 7 · /);
    assert.match(run.stdout, /Next steps to meet stage \d/);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when not a TTY');
  });

  it('--fail-on none exits 0; --fail-on info fails on any finding', () => {
    const directory = workspace({ 'web.yaml': DEPLOYMENT });
    assert.equal(runCli(['check', '--fail-on', 'none', '.'], { cwd: directory }).status, 0);
    assert.equal(runCli(['check', '--fail-on', 'info', '.'], { cwd: directory }).status, 1);
  });

  it('exits 0 on a clean workspace and 1 when the stage is below --min-stage', () => {
    const directory = workspace({
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  color: blue\n',
    });
    const clean = runCli(['check', '--format', 'json', '.'], { cwd: directory });
    assert.equal(clean.status, 0, clean.stdout);
    const report = JSON.parse(clean.stdout);
    assert.equal(report.findings.filter((f: { severity: string }) => f.severity === 'error').length, 0);
    const below = runCli(['check', '--min-stage', '7', '--fail-on', 'none', '.'], { cwd: directory });
    assert.equal(below.status, 1);
    assert.match(below.stderr, /below --min-stage 7/);
  });

  it('json: validates against schemas/report.schema.json and carries the verdict, score and files', () => {
    const directory = workspace({
      'web.yaml': DEPLOYMENT,
      'chart-templates.yaml': 'x: {{ .Values.x }}\n',
      'notes.json': '{"a": 1}',
    });
    const run = runCli(['check', '--format', 'json', '.'], { cwd: directory });
    const report = JSON.parse(run.stdout);
    const validate = reportValidator();
    assert.ok(validate(report), JSON.stringify(validate.errors, null, 2));
    assert.equal(report.stage.model, 'fairwinds');
    assert.equal(report.stage.stages.length, 7);
    assert.equal(typeof report.score, 'number');
    assert.equal(report.files.analyzed, 2);
    assert.equal(report.files.skipped.length, 1);
    assert.match(report.files.skipped[0].reason, /Helm/);
    const finding = report.findings.find((f: { control: string }) => f.control === 'image-tag-missing');
    assert.deepEqual(finding.object, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
    assert.equal(finding.container, 'web');
    assert.equal(finding.file, 'web.yaml');
    assert.deepEqual([finding.line, finding.column], [15, 11]);
  });

  it('--model cncf reports CNCF levels', () => {
    const directory = workspace({ 'web.yaml': DEPLOYMENT });
    const report = JSON.parse(
      runCli(['check', '--format', 'json', '--model', 'cncf', '.'], { cwd: directory }).stdout,
    );
    assert.equal(report.stage.model, 'cncf');
    assert.equal(report.stage.stages.length, 5);
    assert.ok(reportValidator()(report));
  });

  it('sarif: validates against the SARIF 2.1.0 schema, one result per non-exempt finding, real positions', () => {
    const exempt = DEPLOYMENT.replace(
      '  name: web   # the front end\n',
      '  name: web\n  annotations:\n    kube-maturity.io/ignore: "image-tag-missing"\n',
    );
    const directory = workspace({ 'web.yaml': DEPLOYMENT, 'exempt.yaml': exempt.replace(/web/g, 'api') });
    const json = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: directory }).stdout);
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif', '.'], { cwd: directory }).stdout);
    const validate = sarifValidator();
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = sarif.runs[0];
    assert.equal(run.results.length, json.findings.filter((f: { exempt?: unknown }) => !f.exempt).length);
    assert.equal(run.tool.driver.rules.length, allControls.length);
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'image-tag-missing');
    assert.match(rule.help.text, /Maturity stage 2/);
    const result = run.results.find(
      (r: {
        ruleId: string;
        locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
      }) =>
        r.ruleId === 'image-tag-missing' &&
        r.locations?.[0].physicalLocation.artifactLocation.uri === 'web.yaml',
    );
    assert.deepEqual(
      {
        line: result.locations[0].physicalLocation.region.startLine,
        column: result.locations[0].physicalLocation.region.startColumn,
      },
      { line: 15, column: 11 },
    );
  });

  it('a file named twice is analysed once', () => {
    const directory = workspace({ 'web.yaml': DEPLOYMENT });
    const once = JSON.parse(runCli(['check', '--format', 'json', 'web.yaml'], { cwd: directory }).stdout);
    const twice = JSON.parse(
      runCli(['check', '--format', 'json', 'web.yaml', '.', './web.yaml'], { cwd: directory }).stdout,
    );
    assert.equal(twice.findings.length, once.findings.length);
    assert.equal(twice.score, once.score);
    assert.equal(twice.files.analyzed, 1);
  });

  it('reads stdin with "-"', () => {
    const run = runCli(['check', '--format', 'json', '-'], { input: DEPLOYMENT });
    const report = JSON.parse(run.stdout);
    assert.ok(report.findings.some((f: { file: string }) => f.file === '<stdin>.yaml'));
  });

  it('check --help and fix --help print the usage with every exit code, exit 0', () => {
    for (const command of ['check', 'fix', 'controls']) {
      const run = runCli([command, '--help']);
      assert.equal(run.status, 0, `${command}: ${run.stderr}`);
      assert.match(run.stdout, /kube-maturity check \[paths…\] \[options\]/);
      assert.match(run.stdout, /3 internal error/);
    }
  });

  it('--render without charts or kustomizations warns about no missing binary', () => {
    const run = runCli(['check', '--render', '--fail-on', 'none', '-'], {
      input: DEPLOYMENT,
      env: { PATH: '/nonexistent' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /is not on PATH|neither kustomize nor kubectl/);
  });

  it("skips .git, node_modules and the configuration's excluded globs", () => {
    const directory = workspace({ '.kube-maturity.yaml': 'exclude: ["generated/**"]\n' });
    for (const sub of ['.git', 'node_modules', 'generated', 'kept']) {
      require('node:fs').mkdirSync(join(directory, sub));
      writeFileSync(join(directory, sub, 'web.yaml'), DEPLOYMENT);
    }
    const report = JSON.parse(
      runCli(['check', '--format', 'json', '--fail-on', 'none', '.'], { cwd: directory }).stdout,
    );
    assert.deepEqual(
      [...new Set(report.findings.map((f: { file?: string }) => f.file).filter(Boolean))],
      ['kept/web.yaml'],
    );
  });

  it('configuration: severities and exemptions apply; an invalid file is exit 2 naming the key', () => {
    const directory = workspace({
      'web.yaml': DEPLOYMENT,
      '.kube-maturity.yaml': 'controls:\n  image-tag-missing: off\n',
    });
    const report = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: directory }).stdout);
    assert.ok(!report.findings.some((f: { control: string }) => f.control === 'image-tag-missing'));
    const bad = workspace({ 'web.yaml': DEPLOYMENT, 'custom.yaml': 'controls:\n  image-tag-mising: off\n' });
    const run = runCli(['check', '--config', 'custom.yaml', '.'], { cwd: bad });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /configuration error: custom\.yaml:2:3: unknown control "image-tag-mising"/);
    assert.equal(runCli(['check', '--config', 'missing.yaml', '.'], { cwd: bad }).status, 2);
  });

  it('usage errors exit 2 with a message', () => {
    for (const args of [
      ['check', '--format', 'xml'],
      ['check', '--fail-on', 'sometimes'],
      ['check', '--min-stage', '9'],
      ['check', '--bogus'],
      ['frobnicate'],
    ]) {
      const run = runCli(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /kube-maturity: /);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('bad input names the file and position and never prints a stack trace', () => {
    const directory = workspace({
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
      'types.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: "nginx"\n',
      'binary.yaml': Buffer.from([0x61, 0x00, 0xff, 0x00, 0x01]),
      'latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'),
      'good.yaml': DEPLOYMENT,
    });
    const run = runCli(['check', '.'], { cwd: directory });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /broken\.yaml:\d+:\d+ {2}error {2}syntax {2}YAML syntax error: Flow sequence/);
    assert.match(
      run.stdout,
      /types\.yaml:6:15 {2}error {2}schema {2}spec\.containers should be a list of containers, found the string "nginx"/,
    );
    assert.match(run.stdout, /binary\.yaml {2}error {2}read {2}binary data/);
    assert.match(
      run.stdout,
      /latin1\.yaml {2}error {2}read {2}not valid UTF-8 \(first invalid byte at line 4, column 12\)/,
    );
    assert.match(run.stdout, /good\.yaml:15:11 {2}error {2}image-tag-missing/);
    assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /);
  });
});

describe('kube-maturity controls', () => {
  it('lists the catalog as JSON with id, stage, category, severity, title, fix class and what the fix changes', () => {
    const run = runCli(['controls', '--format', 'json']);
    assert.equal(run.status, 0);
    const rows = JSON.parse(run.stdout);
    assert.equal(rows.length, allControls.length);
    for (const row of rows) {
      assert.deepEqual(
        Object.keys(row),
        row.fix === 'none'
          ? ['id', 'stage', 'category', 'severity', 'title', 'fix']
          : ['id', 'stage', 'category', 'severity', 'title', 'fix', 'fixEffect'],
      );
      assert.ok(['safe', 'review', 'draft', 'none'].includes(row.fix));
    }
  });

  it('lists the catalog as text', () => {
    const run = runCli(['controls']);
    assert.equal(run.stdout.trim().split('\n').length, allControls.length);
  });
});

describe('kube-maturity fix', () => {
  it('--dry-run prints a unified diff and writes nothing', () => {
    const directory = workspace({ 'web.yaml': DEPLOYMENT });
    const run = runCli(['fix', '--dry-run', '--controls', 'missing-cpu-request', '.'], { cwd: directory });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^--- a\/web\.yaml/m);
    assert.match(run.stdout, /^\+ {10}resources:$/m);
    assert.equal(readFileSync(join(directory, 'web.yaml'), 'utf8'), DEPLOYMENT);
  });

  it('applies only the auto fixes of the chosen controls, in place, keeping comments; other files untouched', () => {
    const other = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n';
    const directory = workspace({ 'web.yaml': DEPLOYMENT, 'svc.yaml': other });
    const run = runCli(['fix', '--controls', 'missing-cpu-request,missing-pdb', '.'], { cwd: directory });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /fixed 1 finding\(s\) in 1 file\(s\)/);
    const fixed = readFileSync(join(directory, 'web.yaml'), 'utf8');
    assert.equal(
      fixed,
      `${DEPLOYMENT}          resources:\n            requests:\n              cpu: 100m\n`,
    );
    assert.equal(readFileSync(join(directory, 'svc.yaml'), 'utf8'), other);
  });

  it('a file with a problem that kept it from being read whole is left as it is, named, and the run fails', () => {
    const text = `apiVersion: v1
kind: Service
metadata: { name: a }
spec:
  type: clusterip
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    name: c
    image: nginx:1.27
`;
    const directory = workspace({ 'mixed.yaml': text, 'web.yaml': DEPLOYMENT });
    const check = runCli(['check', '--format', 'json', '.'], { cwd: directory });
    const report = JSON.parse(check.stdout) as {
      findings: Array<{ file: string; control: string; fix?: unknown }>;
    };
    assert.ok(
      report.findings.some((f) => f.file === 'mixed.yaml' && f.control === 'invalid-field-value' && f.fix),
      'check offers the Service type fix',
    );
    const run = runCli(['fix', '--controls', 'invalid-field-value,missing-cpu-request', '.'], {
      cwd: directory,
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /mixed\.yaml: not fixed \(1 fix\(es\) found\): the file has problems/);
    assert.match(run.stderr, /fixed 1 finding\(s\) in 1 file\(s\)/);
    assert.equal(readFileSync(join(directory, 'mixed.yaml'), 'utf8'), text);
    assert.notEqual(readFileSync(join(directory, 'web.yaml'), 'utf8'), DEPLOYMENT);
  });

  it('fixes objects of the same kind and name in two namespaces in one run: a second run has nothing to do', () => {
    const twins = `${DEPLOYMENT.replace('  name: web   # the front end\n', '  name: web\n  namespace: a\n')}---\n${DEPLOYMENT.replace('  name: web   # the front end\n', '  name: web\n  namespace: b\n').replace('        - name: web\n', '        - name: sidecar\n          image: envoy:1.30\n        - name: web\n')}`;
    const directory = workspace({ 'twins.yaml': twins });
    const first = runCli(['fix', '.'], { cwd: directory });
    assert.equal(first.status, 0, first.stderr);
    const second = runCli(['fix', '--dry-run', '.'], { cwd: directory });
    assert.match(second.stderr, /would fix 0 finding\(s\) in 0 file\(s\)/);
  });

  it('removes every shadowed entry of a name declared three times in one run, keeping the last', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers:
      - name: run
        image: acme/run:1.0
        env:
        - name: MODE
          value: "1"
        - name: MODE
          value: "2"
        - name: MODE
          value: "3"
`;
    const directory = workspace({ 'job.yaml': job });
    const run = runCli(['fix', '--controls', 'duplicate-env-var', '.'], { cwd: directory });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      readFileSync(join(directory, 'job.yaml'), 'utf8'),
      job.replace(
        '        - name: MODE\n          value: "1"\n        - name: MODE\n          value: "2"\n',
        '',
      ),
    );
  });

  it('rejects unknown controls', () => {
    assert.equal(runCli(['fix', '--controls', 'nope', '.']).status, 2);
  });
});

describe('the sample workspace (npm start)', () => {
  it('shows several stages of evidence, a Helm chart skipped and an exemption from its configuration', () => {
    const run = runCli(['check', '--format', 'json', '--fail-on', 'none', 'examples']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.stage.stage, 3);
    assert.deepEqual(
      report.stage.stages
        .filter((stage: { evidenced: boolean }) => stage.evidenced)
        .map((stage: { stage: number }) => stage.stage),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(report.stage.blockingStage, 4);
    assert.ok(report.stage.nextSteps.length > 0);
    assert.deepEqual(
      report.files.skipped.map((skipped: { file: string }) => skipped.file),
      ['examples/chart/templates/deployment.yaml'],
    );
    const exempt = report.findings.filter((finding: { exempt?: { source: string } }) => finding.exempt);
    assert.deepEqual(
      exempt.map(
        (finding: { control: string; exempt: { source: string } }) =>
          `${finding.control}:${finding.exempt.source}`,
      ),
      ['bare-pod:configuration'],
    );
  });
});

describe('the JSON and SARIF report writers', () => {
  it('write exactly what JSON.stringify(report, null, 2) gives, the long lists item by item', () => {
    for (const format of ['json', 'sarif']) {
      const { stdout } = runCli(['check', '--format', format, '--fail-on', 'none', 'examples']);
      const report = JSON.parse(stdout);
      assert.ok((format === 'json' ? report.findings : report.runs[0].results).length > 10);
      assert.equal(stdout, `${JSON.stringify(report, null, 2)}\n`, format);
    }
  });

  it('jsonText: a lazy list is the array of its items, made only when the writer reaches them', () => {
    let made = 0;
    const items = new LazyList(function* () {
      for (const index of [1, 2, 3]) {
        made++;
        yield { index, nested: { list: [index, undefined], gone: undefined }, text: 'a\nb' };
      }
    });
    const value = {
      head: [1, { deep: items }],
      empty: new LazyList(() => []),
      skipped: undefined,
      tail: 'end',
    };
    const pieces = jsonText(value);
    assert.equal(made, 0);
    const text = [...pieces].join('');
    assert.equal(made, 3);
    const expected = {
      head: [
        1,
        { deep: [1, 2, 3].map((index) => ({ index, nested: { list: [index, null] }, text: 'a\nb' })) },
      ],
      empty: [],
      tail: 'end',
    };
    assert.equal(text, JSON.stringify(expected, null, 2));
    assert.equal([...jsonText([])].join(''), '[]');
    assert.equal([...jsonText({})].join(''), '{}');
  });
});
