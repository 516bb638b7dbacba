/**
 * `kube-maturity check --render` as a process, with the real Helm 3 and Helm 4: a chart is checked as it
 * would be deployed, every finding on a template or helper line of the chart, the templates listed as
 * rendered, render errors at the template position, undeclared network needs on Chart.yaml.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { runCli } from '../support/cli';
import { FIXTURE_REPOS, PROJECT_ROOT } from '../support/paths';
import { describeWithRenderTools, runRenderCheck } from '../support/renderTools';
import { reportValidator } from '../support/schemas';

interface JsonFinding {
  control: string;
  file?: string;
  message: string;
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  fix?: unknown;
  fixWithheld?: string;
}

function chartWorkspace(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-render-cli-'));
  cpSync(join(FIXTURE_REPOS, 'helm/webapp'), join(directory, 'webapp'), { recursive: true });
  return directory;
}

describeWithRenderTools('kube-maturity check --render', (tools) => {
  it(`${tools.name}: findings on the chart's template and helper lines, the templates rendered, the objects counted`, () => {
    const directory = chartWorkspace();
    const run = runRenderCheck(tools, directory);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const validate = reportValidator();
    assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
    const findings = report.findings as JsonFinding[];
    const inFiles = findings.filter((finding) => finding.file);
    assert.ok(inFiles.length > 20, `${inFiles.length} findings`);
    for (const finding of inFiles) {
      assert.match(finding.file!, /^webapp\/templates\/[\w/-]+\.(yaml|tpl)$/, finding.file);
      const lines = readFileSync(join(directory, finding.file!), 'utf8').split('\n');
      const { start } = finding.range!;
      assert.ok(start.line < lines.length, `${finding.file}:${start.line}`);
      assert.ok(
        start.character <= lines[start.line].length,
        `${finding.file}:${start.line}:${start.character}`,
      );
      // A fix edits a file of the chart (a template or values.yaml), else why none is offered is said.
      if (finding.fix)
        for (const edit of (finding.fix as { edits: Array<{ file?: string }> }).edits)
          assert.match(edit.file ?? '', /^webapp\/(templates\/[\w/-]+\.yaml|values\.yaml)$/, finding.control);
      else assert.notEqual(finding.fixWithheld ?? '', '', finding.control);
    }
    const at = (control: string) => {
      const finding = inFiles.find(
        (candidate) => candidate.control === control && /webapp,/.test(candidate.message),
      )!;
      assert.ok(finding, control);
      const line = readFileSync(join(directory, finding.file!), 'utf8').split('\n')[
        finding.range!.start.line
      ];
      return { finding, line };
    };
    // A field the template writes from values: on its line, naming the values path.
    const pull = at('pull-policy-not-always');
    assert.match(pull.line, /imagePullPolicy: \{\{ \.Values\.image\.pullPolicy \}\}/);
    assert.match(pull.finding.message, /from values\.yaml: image\.pullPolicy/);
    // A missing field: on the line of the container that lacks it.
    const cpu = inFiles.find(
      (finding) =>
        finding.control === 'missing-cpu-request' &&
        finding.file === 'webapp/templates/tests/test-connection.yaml',
    )!;
    assert.ok(cpu, 'the test pod has no CPU request');
    const containerLine = readFileSync(join(directory, cpu.file!), 'utf8').split('\n')[cpu.range!.start.line];
    assert.match(containerLine, /^\s*- name: wget/);
    assert.deepEqual(
      [...new Set(report.files.skipped.map((entry: { reason: string }) => entry.reason))],
      ['rendered with helm template: its findings are shown on its lines'],
    );
    // The files counted are the workspace's (Chart.yaml, values files); the rendered documents apart.
    assert.equal(report.files.analyzed, 3);
    assert.equal(report.files.rendered, 5);
    assert.equal(report.stage.stages[0].evidenced, true);
    assert.ok(report.stage.stage >= 2, `stage ${report.stage.stage}: rendered workloads are evidence`);
  });

  it(`${tools.name}: the configuration's render.charts gives the release, namespace, values files and set values`, () => {
    const directory = chartWorkspace();
    writeFileSync(join(directory, 'prod-values.yaml'), 'ingress:\n  enabled: true\n');
    writeFileSync(
      join(directory, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: webapp\n      release: shop\n      namespace: storefront\n      values: [prod-values.yaml]\n      set: {image.tag: 9.9.9}\n',
    );
    const run = runRenderCheck(tools, directory);
    assert.equal(run.status, 0, run.stderr);
    const findings = JSON.parse(run.stdout).findings as JsonFinding[];
    assert.ok(
      findings.some(
        (finding) =>
          /Deployment storefront\/shop-webapp/.test(finding.message) ||
          /Deployment shop-webapp/.test(finding.message),
      ),
      'the release name',
    );
    assert.ok(
      findings.some((finding) => finding.file === 'webapp/templates/ingress.yaml'),
      'the values file enabled the Ingress',
    );
    assert.ok(
      findings.some((finding) => /webapp:9\.9\.9/.test(finding.message)),
      'the set value',
    );
  });

  it(`${tools.name}: a field from values names the values files that define its key, a subchart's under its key in the parent's`, () => {
    const directory = chartWorkspace();
    cpSync(join(FIXTURE_REPOS, 'helm/webapp'), join(directory, 'webapp/charts/sub'), { recursive: true });
    const subChart = join(directory, 'webapp/charts/sub/Chart.yaml');
    writeFileSync(subChart, readFileSync(subChart, 'utf8').replace(/^name: webapp$/m, 'name: sub'));
    writeFileSync(
      join(directory, 'prod-values.yaml'),
      'ingress:\n  enabled: true\nsub:\n  image:\n    tag: 9.9.9\n',
    );
    writeFileSync(
      join(directory, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: webapp\n      values: [prod-values.yaml]\n',
    );
    const findings = JSON.parse(runRenderCheck(tools, directory).stdout).findings as JsonFinding[];
    const message = (control: string, file: string) => {
      const found = findings.find((finding) => finding.control === control && finding.file === file);
      assert.ok(found, `${control} in ${file}`);
      return found.message;
    };
    assert.match(
      message('pull-policy-not-always', 'webapp/templates/deployment.yaml'),
      / \(from values\.yaml: image\.pullPolicy\)$/,
    );
    // image.tag is "" in values.yaml: the tag rendered is the chart's appVersion.
    assert.match(
      message('image-not-pinned-by-digest', 'webapp/templates/deployment.yaml'),
      / \(from values\.yaml: image\.repository\)$/,
    );
    assert.match(
      message('image-not-pinned-by-digest', 'webapp/charts/sub/templates/deployment.yaml'),
      / \(from charts\/sub\/values\.yaml: image\.repository; prod-values\.yaml: sub\.image\.tag\)$/,
    );
  });

  it(`${tools.name}: a chart vendored in charts/ is rendered with its parent, its findings on its own template lines`, () => {
    const directory = chartWorkspace();
    cpSync(join(directory, 'webapp'), join(directory, 'sub'), { recursive: true });
    const chartYaml = join(directory, 'sub/Chart.yaml');
    writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace(/^name: webapp$/m, 'name: sub'));
    cpSync(join(directory, 'sub'), join(directory, 'webapp/charts/sub'), { recursive: true });
    const report = JSON.parse(runRenderCheck(tools, join(directory, 'webapp')).stdout);
    const sub = (report.findings as JsonFinding[]).filter((finding) =>
      finding.file?.startsWith('charts/sub/templates/'),
    );
    assert.ok(sub.length > 10, `${sub.length} findings in the subchart`);
    for (const finding of sub)
      assert.notEqual(
        finding.range!.start.line,
        0,
        `${finding.control} on the first line of ${finding.file}`,
      );
    const skipped = report.files.skipped as Array<{ file: string; reason: string }>;
    assert.ok(
      skipped.some(
        (entry) => entry.file.startsWith('charts/sub/templates/') && /^rendered with helm/.test(entry.reason),
      ),
    );
  });

  it(`${tools.name}: a template error is a problem at the line Helm names`, () => {
    const directory = chartWorkspace();
    const service = join(directory, 'webapp/templates/service.yaml');
    const lines = readFileSync(service, 'utf8').split('\n');
    lines.splice(2, 0, '{{ required "service.name is required" .Values.service.nothing }}');
    writeFileSync(service, lines.join('\n'));
    const run = runRenderCheck(tools, directory);
    const report = JSON.parse(run.stdout);
    const problem = report.problems.find((entry: { kind: string }) => entry.kind === 'render');
    assert.ok(problem, JSON.stringify(report.problems));
    assert.equal(problem.file, 'webapp/templates/service.yaml');
    assert.equal(problem.line, 3, '1-based, as Helm and the JSON report print it');
    assert.match(problem.message, /service\.name is required/);
  });

  it(`${tools.name}: a dependency that is not vendored is reported on Chart.yaml, nothing is run`, () => {
    const directory = chartWorkspace();
    const chartYaml = join(directory, 'webapp/Chart.yaml');
    writeFileSync(
      chartYaml,
      `${readFileSync(chartYaml, 'utf8')}dependencies:\n  - name: redis\n    version: 18.x.x\n    repository: https://charts.example.com\n`,
    );
    const run = runRenderCheck(tools, directory);
    const report = JSON.parse(run.stdout);
    const problem = report.problems.find((entry: { kind: string }) => entry.kind === 'render');
    assert.equal(problem?.file, 'webapp/Chart.yaml');
    assert.match(problem.message, /needs the network: the dependencies redis are not vendored/);
    const lines = readFileSync(chartYaml, 'utf8').split('\n');
    assert.match(lines[problem.line - 1], /name: redis/);
  });

  it(`${tools.name}: a dependency vendored as a packaged chart: its findings on the dependency's entry in Chart.yaml, saying which archive, fixes withheld`, () => {
    const directory = chartWorkspace();
    const source = join(directory, 'redis-source');
    mkdirSync(join(source, 'templates'), { recursive: true });
    writeFileSync(join(source, 'Chart.yaml'), 'apiVersion: v2\nname: redis\nversion: 1.0.0\n');
    writeFileSync(join(source, 'values.yaml'), 'image: redis:7.2\n');
    writeFileSync(
      join(source, 'templates/statefulset.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: {{ .Release.Name }}-redis',
        'spec:',
        '  serviceName: redis',
        '  selector:',
        '    matchLabels:',
        '      app: redis',
        '  template:',
        '    metadata:',
        '      labels:',
        '        app: redis',
        '    spec:',
        '      containers:',
        '        - name: redis',
        '          image: {{ .Values.image }}',
        '',
      ].join('\n'),
    );
    const home = mkdtempSync(join(tmpdir(), 'kube-maturity-helm-home-'));
    execFileSync(tools.helm, ['package', source, '--destination', join(directory, 'webapp/charts')], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        HELM_CACHE_HOME: home,
        HELM_CONFIG_HOME: home,
        HELM_DATA_HOME: home,
      },
      stdio: 'ignore',
    });
    rmSync(source, { recursive: true });
    const chartYaml = join(directory, 'webapp/Chart.yaml');
    writeFileSync(
      chartYaml,
      `${readFileSync(chartYaml, 'utf8')}dependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.com\n`,
    );
    const report = JSON.parse(runRenderCheck(tools, directory).stdout);
    const findings = report.findings as JsonFinding[];
    for (const finding of findings.filter((candidate) => candidate.file))
      assert.ok(existsSync(join(directory, finding.file!)), `${finding.control} on ${finding.file}`);
    const packaged = findings.filter((finding) => /StatefulSet release-redis/.test(finding.message));
    assert.ok(packaged.length > 5, `${packaged.length} findings of the packaged chart`);
    const lines = readFileSync(chartYaml, 'utf8').split('\n');
    for (const finding of packaged) {
      assert.equal(finding.file, 'webapp/Chart.yaml');
      assert.match(lines[finding.range!.start.line], /^ {2}- name: redis$/);
      assert.match(
        finding.message,
        /\(in the packaged chart charts\/redis-1\.0\.0\.tgz: templates\/statefulset\.yaml\)$/,
      );
      assert.equal(finding.fix, undefined);
    }
    const cpu = packaged.find((finding) => finding.control === 'missing-cpu-request');
    assert.match(cpu?.fixWithheld ?? '', /^the template is in the packaged chart charts\/redis-1\.0\.0\.tgz/);
  });

  it(`${tools.name}: a configured values file that is missing is reported on the configuration's line, nothing is run`, () => {
    const directory = chartWorkspace();
    writeFileSync(
      join(directory, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: webapp\n      values:\n        - webapp/values-prod.yaml\n',
    );
    const report = JSON.parse(runRenderCheck(tools, directory).stdout);
    const problem = report.problems.find((entry: { kind: string }) => entry.kind === 'render');
    assert.equal(problem?.file, '.kube-maturity.yaml', JSON.stringify(report.problems));
    assert.equal(problem.line, 5);
    assert.match(problem.message, /the values file webapp\/values-prod\.yaml .* is not a file/);
    const skipped = report.files.skipped.find(
      (entry: { file: string }) => entry.file === 'webapp/templates/deployment.yaml',
    );
    assert.match(skipped?.reason ?? '', /its configured values file webapp\/values-prod\.yaml is missing/);
  });

  it(`${tools.name}: a configured chart folder that holds no chart is reported on its line`, () => {
    const directory = chartWorkspace();
    writeFileSync(
      join(directory, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: webapp\n    - path: webap\n      release: web\n',
    );
    const report = JSON.parse(runRenderCheck(tools, directory).stdout);
    const problems = report.problems.filter((entry: { kind: string }) => entry.kind === 'render');
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0].file, '.kube-maturity.yaml');
    assert.equal(problems[0].line, 4);
    assert.match(problems[0].message, /render\.charts names webap, which is not a chart folder/);
    assert.ok(report.findings.some((finding: JsonFinding) => finding.file?.startsWith('webapp/templates/')));
  });

  it(`${tools.name}: fix --render writes no file outside the checked paths (a configured values file beside the chart)`, () => {
    const directory = chartWorkspace();
    mkdirSync(join(directory, 'environments'));
    const values = 'image:\n  pullPolicy: IfNotPresent\n';
    writeFileSync(join(directory, 'environments/prod.yaml'), values);
    writeFileSync(
      join(directory, '.kube-maturity.yaml'),
      'render:\n  charts:\n    - path: webapp\n      values: [environments/prod.yaml]\n',
    );
    const run = runCli(['fix', '--render', '--review', '--helm', tools.helm, 'webapp'], { cwd: directory });
    assert.match(run.stderr, /environments\/prod\.yaml: not written \(outside the checked paths\)/);
    assert.notEqual(run.status, 0);
    assert.equal(readFileSync(join(directory, 'environments/prod.yaml'), 'utf8'), values);
  });

  it(`${tools.name}: the same problem a \`range\` writes on one template line for several items is listed once, and fixed there`, () => {
    const directory = chartWorkspace();
    const metrics = join(directory, 'webapp/templates/metrics-service.yaml');
    writeFileSync(
      metrics,
      [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: {{ include "webapp.fullname" . }}-metrics',
        'spec:',
        '  selector:',
        '    {{- include "webapp.selectorLabels" . | nindent 4 }}',
        '  ports:',
        '  {{- range list 9090 9091 9092 }}',
        '    - port: {{ . }}',
        '      protocol: tcp',
        '  {{- end }}',
        '',
      ].join('\n'),
    );
    const protocolFindings = () => {
      const run = runRenderCheck(tools, directory);
      assert.equal(run.status, 0, run.stderr);
      return (JSON.parse(run.stdout).findings as JsonFinding[]).filter(
        (finding) =>
          finding.file === 'webapp/templates/metrics-service.yaml' &&
          finding.control === 'invalid-field-value',
      );
    };
    const [once, ...again] = protocolFindings();
    assert.deepEqual(again, []);
    assert.equal(once.range!.start.line, 10);
    assert.match(once.message, /protocol: "tcp" is not one of SCTP, TCP, UDP/);
    const fix = runCli(
      ['fix', '--render', '--review', '--controls', 'invalid-field-value', '--helm', tools.helm, '.'],
      { cwd: directory },
    );
    assert.equal(fix.status, 0, fix.stderr);
    assert.equal(readFileSync(metrics, 'utf8').split('\n')[10], '      protocol: TCP');
    assert.deepEqual(protocolFindings(), []);
  });

  it(`${tools.name}: fix --render says which chart it could not render`, () => {
    const directory = chartWorkspace();
    const service = join(directory, 'webapp/templates/service.yaml');
    writeFileSync(
      service,
      `{{ required "service.name is required" .Values.nothing }}\n${readFileSync(service, 'utf8')}`,
    );
    const run = runCli(['fix', '--render', '--review', '--dry-run', '--helm', tools.helm, '.'], {
      cwd: directory,
    });
    assert.match(
      run.stderr,
      /webapp\/templates\/service\.yaml:1: helm template: .*service\.name is required \(its chart is not fixed\)/,
    );
  });
});

it('check --render of stdin says that stdin is checked as it is', () => {
  const run = runCli(['check', '--render', '--fail-on', 'none', '-'], {
    input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
  });
  assert.match(
    run.stderr,
    /--render renders the charts and kustomizations of folders; what stdin holds is checked as it is/,
  );
  assert.match(run.stdout, /ConfigMap|1 file\(s\) analysed/);
});

it('check --render without helm on PATH says so and skips the charts as before', () => {
  const directory = chartWorkspace();
  const run = runCli(['check', '--render', '--format', 'json', '--fail-on', 'none', '.'], {
    cwd: directory,
    env: { PATH: '/nonexistent' },
  });
  assert.match(run.stderr, /--render: helm is not on PATH; pass --helm PATH/);
  const report = JSON.parse(run.stdout);
  assert.ok(
    report.files.skipped.some((entry: { reason: string }) => /Helm chart template/.test(entry.reason)),
  );
});

describeWithRenderTools('kube-maturity check --render on a Kustomize tree', (tools) => {
  it(`${tools.name}: the overlays built, findings on base and patch lines, a place both overlays share once`, () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-render-kustomize-'));
    cpSync(join(FIXTURE_REPOS, 'kustomize'), join(directory, 'kustomize'), { recursive: true });
    const operations = join(directory, 'kustomize/overlays/production/probes-ops.yaml');
    writeFileSync(
      operations,
      `${readFileSync(operations, 'utf8')}- op: add\n  path: /spec/template/spec/hostNetwork\n  value: true\n`,
    );
    const run = runRenderCheck(tools, directory);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const findings = (report.findings as JsonFinding[]).filter((finding) => finding.file);
    assert.ok(findings.length > 10, `${findings.length} findings`);
    const places = new Set<string>();
    for (const finding of findings) {
      assert.doesNotMatch(finding.file!, /#built/);
      assert.match(finding.file!, /^kustomize\/(base|overlays\/\w+)\/[\w-]+\.yaml$/);
      const lines = readFileSync(join(directory, finding.file!), 'utf8').split('\n');
      assert.ok(finding.range!.start.line < lines.length);
      const place = `${finding.control}|${finding.file}|${finding.range!.start.line}:${finding.range!.start.character}|${finding.message}`;
      assert.ok(!places.has(place), `reported twice: ${place}`);
      places.add(place);
    }
    // Only the staging overlay's patch leaves the CPU limit out: the finding is on the patch's resources.
    const cpu = findings.find((finding) => finding.control === 'missing-cpu-limit')!;
    assert.equal(cpu?.file, 'kustomize/overlays/staging/resources-patch.yaml');
    const patchLine = readFileSync(join(directory, cpu.file!), 'utf8').split('\n')[cpu.range!.start.line];
    assert.match(patchLine, /limits:|resources:|memory:/);
    // A field a JSON 6902 operation adds: on the operation's value.
    const hostNetwork = findings.find((finding) => finding.control === 'host-network')!;
    assert.equal(hostNetwork?.file, 'kustomize/overlays/production/probes-ops.yaml');
    assert.match(readFileSync(operations, 'utf8').split('\n')[hostNetwork.range!.start.line], /value: true/);
    // The same problem on a base line both overlays build: once, naming both.
    assert.ok(
      findings.some((finding) =>
        /in every build of it here: kustomize\/overlays\/production, kustomize\/overlays\/staging/.test(
          finding.message,
        ),
      ),
    );
    // A field the base writes: on the base's line.
    const root = findings.find((finding) => finding.control === 'run-as-root')!;
    assert.equal(root?.file, 'kustomize/base/deployment.yaml');
    const skipped = report.files.skipped as Array<{ file: string; reason: string }>;
    assert.ok(
      skipped.some(
        (entry) =>
          entry.file === 'kustomize/base/deployment.yaml' &&
          /^built by kustomize\/overlays\//.test(entry.reason),
      ),
      JSON.stringify(skipped),
    );
  });
});

describeWithRenderTools(
  'kube-maturity check --render and fix --render on a Kustomize tree with fixes',
  (tools) => {
    const tree = join(PROJECT_ROOT, 'test/fixtures/kustomize-fixes');
    const fixArgs = ['fix', '--render', '--review', '--helm', tools.helm, '--kustomize', tools.kubectl, '.'];

    it(`${tools.name}: check --render offers verified fixes of the kustomizations, every edit naming its file`, () => {
      const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-render-kustomize-fixes-'));
      cpSync(tree, directory, { recursive: true });
      const run = runRenderCheck(tools, directory);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      const validate = reportValidator();
      assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 3)));
      const findings = report.findings as Array<
        JsonFinding & { fix?: { class: string; edits: Array<{ file?: string }> } }
      >;
      const fixed = findings.filter((finding) => finding.fix);
      assert.ok(fixed.length >= 4, `${fixed.length} fixes`);
      for (const finding of fixed) {
        assert.equal(finding.fix!.class, 'review', finding.control);
        for (const edit of finding.fix!.edits)
          assert.match(edit.file ?? '', /^(base|overlays\/\w+|worker)\/[\w.-]+\.yaml$/, finding.control);
      }
      const escalation = fixed.find((finding) => finding.control === 'privilege-escalation')!;
      assert.equal(escalation?.file, 'base/deployment.yaml');
      assert.deepEqual(escalation.fix!.edits.map((edit) => edit.file).sort(), [
        'overlays/production/kube-maturity-patch-deployment-payments.yaml',
        'overlays/production/kustomization.yaml',
        'overlays/staging/resources-patch.yaml',
      ]);
      const replicas = findings.find(
        (finding) =>
          finding.control === 'single-replica' && finding.file === 'overlays/production/kustomization.yaml',
      );
      assert.match(replicas?.fixWithheld ?? '', /`replicas:` of overlays\/production\/kustomization\.yaml/);
    });

    it(`${tools.name}: fix --render --review --dry-run shows the kustomization fixes and writes nothing; without it they are written and built again are gone`, () => {
      const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-render-kustomize-fixes-'));
      cpSync(tree, directory, { recursive: true });
      const dry = runCli([...fixArgs.slice(0, 2), '--dry-run', ...fixArgs.slice(2)], { cwd: directory });
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stdout, /^# \d+ review fix\(es\)/);
      assert.match(dry.stdout, /# {3}review {2}base\/deployment\.yaml:42 {2}privilege-escalation/);
      assert.match(
        dry.stdout,
        /\+\+\+ b\/overlays\/production\/kube-maturity-patch-deployment-payments\.yaml/,
      );
      assert.match(dry.stdout, /\+- path: kube-maturity-patch-deployment-payments\.yaml/);
      assert.equal(
        existsSync(join(directory, 'overlays/production/kube-maturity-patch-deployment-payments.yaml')),
        false,
      );
      assert.equal(
        readFileSync(join(directory, 'base/deployment.yaml'), 'utf8'),
        readFileSync(join(tree, 'base/deployment.yaml'), 'utf8'),
      );
      const before = (JSON.parse(runRenderCheck(tools, directory).stdout).findings as JsonFinding[]).filter(
        (finding) => finding.fix,
      );
      const run = runCli(fixArgs, { cwd: directory });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /wrote overlays\/production\/kube-maturity-patch-deployment-payments\.yaml/);
      assert.match(run.stderr, /1 kustomization fix\(es\) not applied: built again with them/);
      assert.equal(
        readFileSync(join(directory, 'base/deployment.yaml'), 'utf8'),
        readFileSync(join(tree, 'base/deployment.yaml'), 'utf8'),
        'the base two overlays build is not edited',
      );
      const after = JSON.parse(runRenderCheck(tools, directory).stdout).findings as JsonFinding[];
      assert.equal(after.filter((finding) => finding.fix).length, 0, 'no fix left to offer');
      for (const fixed of before)
        assert.ok(
          !after.some(
            (finding) =>
              finding.control === fixed.control &&
              finding.message.split(':')[0] === fixed.message.split(':')[0],
          ),
          `${fixed.control} (${fixed.message}) is still there`,
        );
    });
  },
);

interface ShopReport {
  findings: JsonFinding[];
  problems: Array<{ file: string; message: string; line?: number }>;
  files: { skipped: Array<{ file: string; reason: string }> };
}

/** test/fixtures/render/kustomize-shop checked with --render in a copy: the report and a finding's line. */
function checkShop(tools: Parameters<typeof runRenderCheck>[0]) {
  const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-render-shop-'));
  cpSync(join(PROJECT_ROOT, 'test/fixtures/render/kustomize-shop'), directory, { recursive: true });
  const run = runRenderCheck(tools, directory);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as ShopReport;
  const lineOf = (finding: JsonFinding) =>
    readFileSync(join(directory, finding.file!), 'utf8').split('\n')[finding.range!.start.line];
  const find = (control: string, message: RegExp) =>
    report.findings.find((finding) => finding.control === control && message.test(finding.message));
  return { report, lineOf, find };
}

describeWithRenderTools('kube-maturity check --render: what a kustomization itself writes', (tools) => {
  const shop = checkShop(tools);

  it(`${tools.name}: a generated ConfigMap's data key on the literal, file or env-file entry of the generator that gave it`, () => {
    const cases: Array<[RegExp, string, RegExp]> = [
      [/"DB_PASSWORD"/, 'base/kustomization.yaml', /^ {6}- DB_PASSWORD=s3cr3t$/],
      [/"settings\.properties"/, 'base/kustomization.yaml', /^ {6}- settings\.properties$/],
      [/"SESSION_SECRET"/, 'base/kustomization.yaml', /^ {6}- api\.env$/],
      [/"API_TOKEN"/, 'overlays/prod/kustomization.yaml', /^ {6}- API_TOKEN=abc123$/],
    ];
    for (const [message, file, line] of cases) {
      const finding = shop.find('secret-in-configmap', message);
      assert.equal(finding?.file, file, message.source);
      assert.match(shop.lineOf(finding!), line);
    }
    for (const finding of shop.report.findings)
      if (finding.file && finding.file !== '.kube-maturity.yaml')
        assert.notEqual(finding.range?.start.line, 0, `${finding.control} on ${finding.file}:1`);
  });

  it(`${tools.name}: the namespace, an image tag and a replica count an overlay sets on its own lines`, () => {
    const cases: Array<[string, RegExp, RegExp]> = [
      ['namespace-without-quota', /shop-prod/, /^namespace: shop-prod$/],
      ['image-not-pinned-by-digest', /prod-api/, /^ {4}newTag: "1\.3\.2"$/],
      ['single-replica', /prod-api/, /^ {4}count: 1$/],
    ];
    for (const [control, message, line] of cases) {
      const finding = shop.find(control, message);
      assert.equal(finding?.file, 'overlays/prod/kustomization.yaml', control);
      assert.match(shop.lineOf(finding!), line);
    }
  });

  it(`${tools.name}: a build error whole, its paths as the workspace names them, on the line naming the missing file`, () => {
    const problem = shop.report.problems.find((entry) => entry.file === 'broken/kustomization.yaml');
    assert.match(
      problem?.message ?? '',
      /^kustomize: .*lstat broken\/missing-patch\.yaml: no such file or directory$/,
    );
    assert.doesNotMatch(problem!.message, new RegExp(`${tmpdir()}|\\.\\./|must resolve to a file`));
    assert.equal(problem?.line, 7);
  });

  it(`${tools.name}: the overlay a root that cannot be built uses, built in its place; the root's own patch said unchecked`, () => {
    const hostNetwork = shop.find('host-network', /shop-staging/);
    assert.equal(hostNetwork?.file, 'overlays/staging/host-network.yaml');
    const edge = shop.report.problems.find((entry) => entry.file === 'overlays/edge/kustomization.yaml');
    assert.match(
      edge?.message ?? '',
      /needs the network.*; overlays\/staging\/kustomization\.yaml is built on its own instead$/,
    );
    const skipped = new Map(shop.report.files.skipped.map((entry) => [entry.file, entry.reason]));
    assert.match(
      skipped.get('overlays/edge/edge-replicas.yaml') ?? '',
      /^Kustomize patch applied by overlays\/edge\/kustomization\.yaml, which could not be built .*: not checked$/,
    );
    assert.match(skipped.get('overlays/staging/host-network.yaml') ?? '', /checked after kustomize build/);
  });
});
