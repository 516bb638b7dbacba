/**
 * A rendered chart's fixes as fixes of the chart, with the real Helm 3 and Helm 4, on a chart in the shape
 * `helm create` writes: a field of a mapping the template writes literally goes into the template, one
 * from values into values.yaml, each verified by a re-render; a helper's, a loop's and a release-derived
 * fix are withheld, and a fix that would leave the finding is dropped.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import type { Finding } from '../../server/src/engine/result';
import { verifyChartFix } from '../../server/src/render/templateFixes';
import {
  applyChartFix,
  type ChartCheck,
  checkCharts,
  copyToTemp,
  readIn,
  sameFinding,
} from '../support/chartFixes';
import { runCli } from '../support/cli';
import { PROJECT_ROOT } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const STARTER = join(PROJECT_ROOT, 'test/fixtures/charts/starter');

function find(check: ChartCheck, control: string, file: string, container?: string): Finding {
  const found = check.findings.find(
    (finding) =>
      finding.control === control &&
      finding.file === `starter/${file}` &&
      (container === undefined || finding.container === container),
  );
  assert.ok(found, `${control} in ${file}${container ? ` (${container})` : ''}`);
  return found;
}

/** Applies the finding's fix to the folder, renders and checks it again: the finding gone, no render problem. */
async function assertFixedByRerender(directory: string, helm: string, finding: Finding): Promise<ChartCheck> {
  applyChartFix(directory, finding);
  const again = await checkCharts(directory, helm, false);
  assert.deepEqual(
    again.findings.filter((other) => other.control === 'render-problem').map((problem) => problem.message),
    [],
  );
  assert.equal(
    again.findings.some((other) => sameFinding(other, finding)),
    false,
    `${finding.control} is still there`,
  );
  return again;
}

const original = (file: string) => readFileSync(join(STARTER, file), 'utf8');

describeWithRenderTools('chart fixes of rendered findings', (tools) => {
  it(`${tools.name}: a field under a mapping the template writes literally: inserted in the template as the mapping's first child, at its indentation, inside its {{- if }}`, async () => {
    const directory = copyToTemp(STARTER, 'starter');
    const check = await checkCharts(directory, tools.helm);
    const finding = find(check, 'missing-cpu-request', 'templates/migrate-job.yaml', 'migrate');
    assert.deepEqual(finding.fix, {
      class: 'review',
      title: 'Add resources.requests.cpu: 100m in templates/migrate-job.yaml',
      edits: [
        {
          file: 'starter/templates/migrate-job.yaml',
          range: { start: { line: 15, character: 23 }, end: { line: 15, character: 23 } },
          newText: '\n          resources:\n            requests:\n              cpu: 100m',
        },
      ],
    });
    await assertFixedByRerender(directory, tools.helm, finding);
    assert.equal(
      readIn(directory)('starter/templates/migrate-job.yaml'),
      original('templates/migrate-job.yaml').replace(
        '        - name: migrate\n',
        '        - name: migrate\n          resources:\n            requests:\n              cpu: 100m\n',
      ),
    );
    // At the pod spec: after its key line, before the template's own first field.
    const automount = find(check, 'automount-service-account-token', 'templates/migrate-job.yaml');
    applyChartFix(directory, automount);
    assert.match(
      readIn(directory)('starter/templates/migrate-job.yaml')!,
      /\n {4}spec:\n {6}automountServiceAccountToken: false\n {6}restartPolicy: Never\n/,
    );
  });

  it(`${tools.name}: a field under toYaml .Values.x: values.yaml edited at x, its empty {} made a block mapping; a with .Values.x block the render left out is filled in values`, async () => {
    const directory = copyToTemp(STARTER, 'starter');
    const check = await checkCharts(directory, tools.helm);
    const memory = find(check, 'missing-memory-limit', 'templates/deployment.yaml', 'starter');
    assert.equal(memory.fix?.title, 'Add resources.limits.memory: 256Mi in values.yaml (resources)');
    assert.equal(memory.fix?.class, 'review');
    assert.deepEqual(
      memory.fix?.edits.map((edit) => edit.file),
      ['starter/values.yaml'],
    );
    await assertFixedByRerender(directory, tools.helm, memory);
    assert.equal(
      readIn(directory)('starter/values.yaml'),
      original('values.yaml').replace('resources: {}\n', 'resources:\n  limits:\n    memory: 256Mi\n'),
    );
    const escalation = find(check, 'privilege-escalation', 'templates/deployment.yaml', 'starter');
    assert.equal(
      escalation.fix?.title,
      'Add securityContext.allowPrivilegeEscalation: false in values.yaml (securityContext)',
    );
    await assertFixedByRerender(directory, tools.helm, escalation);
    assert.match(
      readIn(directory)('starter/values.yaml')!,
      /\nsecurityContext:\n {2}allowPrivilegeEscalation: false\n {2}# capabilities:\n/,
    );
    // podAnnotations: {} leaves the template's `annotations:` out (with .Values.podAnnotations).
    const scrape = find(check, 'missing-metrics-scrape', 'templates/deployment.yaml');
    assert.equal(
      scrape.fix?.title,
      'Add metadata.annotations.prometheus.io/scrape: true; Add metadata.annotations.prometheus.io/port: 8080 in values.yaml (podAnnotations)',
    );
    await assertFixedByRerender(directory, tools.helm, scrape);
    assert.match(
      readIn(directory)('starter/values.yaml')!,
      /\npodAnnotations:\n {2}prometheus\.io\/scrape: "true"\n {2}prometheus\.io\/port: "8080"\npodLabels: \{\}\n/,
    );
    assert.equal(
      readIn(directory)('starter/templates/deployment.yaml'),
      original('templates/deployment.yaml'),
    );
  });

  it(`${tools.name}: a value set by {{ .Values.x }} is edited in values at x; a literal value in the template`, async () => {
    const directory = copyToTemp(STARTER, 'starter');
    const check = await checkCharts(directory, tools.helm);
    const pull = find(check, 'pull-policy-not-always', 'templates/deployment.yaml', 'starter');
    assert.deepEqual(pull.fix, {
      class: 'review',
      title:
        'Set imagePullPolicy: Always (overrides the explicit `imagePullPolicy: IfNotPresent`) in values.yaml (image.pullPolicy)',
      edits: [
        {
          file: 'starter/values.yaml',
          range: { start: { line: 5, character: 14 }, end: { line: 5, character: 26 } },
          newText: 'Always',
        },
      ],
    });
    await assertFixedByRerender(directory, tools.helm, pull);
    assert.equal(
      readIn(directory)('starter/values.yaml'),
      original('values.yaml').replace('pullPolicy: IfNotPresent', 'pullPolicy: Always'),
    );
    const replicas = find(check, 'single-replica', 'templates/deployment.yaml');
    assert.match(replicas.fix?.title ?? '', / in values\.yaml \(replicaCount\)$/);
    const literal = find(check, 'pull-policy-not-always', 'templates/migrate-job.yaml', 'migrate');
    assert.match(literal.fix?.title ?? '', / in templates\/migrate-job\.yaml$/);
    await assertFixedByRerender(directory, tools.helm, literal);
    assert.equal(
      readIn(directory)('starter/templates/migrate-job.yaml'),
      original('templates/migrate-job.yaml').replace(
        'imagePullPolicy: IfNotPresent',
        'imagePullPolicy: Always',
      ),
    );
  });

  it(`${tools.name}: withheld, with the reason: a helper's include, a range loop, text of the release; release names and chart versions never copied`, async () => {
    const directory = copyToTemp(STARTER, 'starter');
    writeFileSync(
      join(directory, 'extra-values.yaml'),
      'extraContainers:\n  - name: metrics\n    image: registry.example.com/shop/metrics:3.0.0\n',
    );
    writeFileSync(
      join(directory, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: starter\n      release: shop-prod\n      values: [extra-values.yaml]\n',
    );
    const check = await checkCharts(directory, tools.helm);
    const helper = find(check, 'missing-cpu-request', 'templates/_helpers.tpl', 'log-shipper');
    assert.equal(helper.fix, undefined);
    assert.match(
      helper.fixWithheld ?? '',
      /helper "starter\.logShipper" \(starter\/templates\/_helpers\.tpl\)/,
    );
    const ranged = find(check, 'missing-cpu-request', 'templates/deployment.yaml', 'metrics');
    assert.equal(ranged.fix, undefined);
    assert.match(ranged.fixWithheld ?? '', /inside a range loop/);
    const pdb = find(check, 'missing-pdb', 'templates/deployment.yaml');
    assert.equal(pdb.fix, undefined);
    assert.match(pdb.fixWithheld ?? '', /rendered text "shop-prod-starter-pdb"/);
    const offered = check.findings.filter((finding) => finding.fix);
    assert.ok(offered.length >= 10, `${offered.length} offered`);
    for (const finding of offered)
      for (const edit of finding.fix!.edits) {
        assert.ok(edit.file?.startsWith('starter/'), edit.file);
        assert.doesNotMatch(edit.newText, /shop-prod|0\.3\.1|2\.4\.0|\{\{/, finding.control);
      }
    assert.ok(check.counts.withheld > 0 && check.counts.offered === offered.length);
  });

  it(`${tools.name}: a fix the re-render shows would not remove the finding is dropped`, async () => {
    const directory = copyToTemp(STARTER, 'starter');
    writeFileSync(
      join(directory, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: starter\n      set:\n        image.pullPolicy: IfNotPresent\n',
    );
    const check = await checkCharts(directory, tools.helm);
    const pull = find(check, 'pull-policy-not-always', 'templates/deployment.yaml', 'starter');
    assert.equal(pull.fix, undefined);
    assert.equal(pull.fixWithheld, 'not offered: the chart re-rendered with it still has the finding');
    assert.ok(check.counts.unverified >= 1);
    // The same proposal, verified against a render that fails: dropped too.
    const proposal = {
      finding: pull,
      fix: { class: 'review' as const, title: 'x', edits: [] },
      files: new Map([['starter/values.yaml', 'image: [\n']]),
    };
    assert.deepEqual(
      await verifyChartFix(
        proposal,
        async () => ({ error: 'YAML parse error' }),
        () => [],
      ),
      {
        verified: false,
        reason: 'helm template fails with it: YAML parse error',
      },
    );
    assert.deepEqual(
      await verifyChartFix(
        proposal,
        async () => ({ documents: [] }),
        () => [],
      ),
      {
        verified: true,
      },
    );
  });

  it(`${tools.name}: schema fixes on the template line: a misspelled key renamed, the quotes around a number's action removed, a bare action quoted where a string belongs; an enum value from values re-cased and a misspelled key renamed in values; a number's | quote removed`, async () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-schema-chart-'));
    const files: Record<string, string> = {
      'typo/Chart.yaml': 'apiVersion: v2\nname: typo\nversion: 0.1.0\n',
      'typo/values.yaml':
        'replicaCount: 3\npullPolicy: ifNotPresent\nport: 8080\nstrategy:\n  rollingUpdat:\n    maxSurge: 1\n',
      'typo/templates/deploy.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: "{{ .Values.replicaCount }}"
  strategy:
    {{- toYaml .Values.strategy | nindent 4 }}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: {{ .Values.pullPolicy }}
          env:
            - name: PORT
              value: {{ .Values.port }}
          resouces:
            limits: { cpu: 100m }
          ports:
            - containerPort: {{ .Values.port | quote }}
`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), text);
    }
    const check = await checkCharts(directory, tools.helm);
    const fixOf = (control: string, line: number) => {
      const finding = check.findings.find(
        (candidate) => candidate.control === control && candidate.range?.start.line === line - 1,
      );
      assert.ok(finding, `${control} on line ${line}`);
      return finding;
    };
    const expected: Array<[string, number, string, string, string]> = [
      [
        'invalid-field-type',
        6,
        'Write replicas: 3 as a number, unquoted in templates/deploy.yaml',
        'typo/templates/deploy.yaml',
        '{{ .Values.replicaCount }}',
      ],
      [
        'unknown-field',
        8,
        'Rename rollingUpdat to rollingUpdate in values.yaml (strategy.rollingUpdat)',
        'typo/values.yaml',
        'rollingUpdate',
      ],
      [
        'invalid-field-value',
        18,
        'Write imagePullPolicy: IfNotPresent in values.yaml (pullPolicy)',
        'typo/values.yaml',
        'IfNotPresent',
      ],
      [
        'invalid-field-type',
        21,
        'Quote value: "8080" as a string in templates/deploy.yaml',
        'typo/templates/deploy.yaml',
        '"{{ .Values.port }}"',
      ],
      [
        'unknown-field',
        22,
        'Rename resouces to resources in templates/deploy.yaml',
        'typo/templates/deploy.yaml',
        'resources',
      ],
      [
        'invalid-field-type',
        25,
        'Write containerPort: 8080 as a number, unquoted in templates/deploy.yaml',
        'typo/templates/deploy.yaml',
        '{{ .Values.port }}',
      ],
    ];
    for (const [control, line, title, file, newText] of expected) {
      const finding = fixOf(control, line);
      assert.equal(finding.fix?.class, 'review', `${control}: rendered fixes are review`);
      assert.equal(finding.fix?.title, title);
      assert.deepEqual(
        finding.fix?.edits.map((edit) => [edit.file, edit.newText]),
        [[file, newText]],
      );
    }
    for (const [control, line] of expected)
      await assertFixedByRerender(directory, tools.helm, fixOf(control, line));
  });

  it(`${tools.name}: kube-maturity fix --render --review --dry-run shows the chart fixes and writes nothing; without --dry-run they are written and check --render no longer finds them`, () => {
    const directory = copyToTemp(STARTER, 'starter');
    const args = ['fix', '--render', '--review', '--helm', tools.helm, '.'];
    const dry = runCli([...args, '--dry-run'], { cwd: directory });
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(
      dry.stdout,
      /# {3}review {2}starter\/templates\/deployment\.yaml:36 {2}pull-policy-not-always {2}Set imagePullPolicy: Always .* in values\.yaml \(image\.pullPolicy\)/,
    );
    assert.match(dry.stdout, /# starter\/values\.yaml: with review fixes\n/);
    assert.match(dry.stdout, /\n-resources: \{\}\n\+resources:\n\+ {2}requests:\n/);
    assert.match(dry.stdout, /\n\+ {10}resources:\n/);
    assert.equal(readIn(directory)('starter/values.yaml'), original('values.yaml'));
    assert.equal(
      readIn(directory)('starter/templates/migrate-job.yaml'),
      original('templates/migrate-job.yaml'),
    );
    const written = runCli(args, { cwd: directory });
    assert.equal(written.status, 0, written.stderr);
    assert.match(written.stderr, /wrote starter\/values\.yaml \(\d+ fix\(es\)\)/);
    assert.match(written.stderr, /fixed \d+ finding\(s\) in \d+ file\(s\) \(\d+ by review fixes\)/);
    const after = runCli(
      ['check', '--render', '--helm', tools.helm, '--format', 'json', '--fail-on', 'none', '.'],
      {
        cwd: directory,
      },
    );
    const left = (JSON.parse(after.stdout).findings as Finding[]).filter(
      (finding) => finding.file?.startsWith('starter/templates/') && finding.fix?.class === 'review',
    );
    assert.deepEqual(
      left.map((finding) => `${finding.control} ${finding.file}`),
      [],
    );
    // Plain `fix` (no --render) leaves the chart alone.
    const plain = copyToTemp(STARTER, 'starter');
    const run = runCli(['fix', '--review', '.'], { cwd: plain });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readIn(plain)('starter/values.yaml'), original('values.yaml'));
  });
});
