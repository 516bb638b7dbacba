/**
 * What a user of kube-prometheus- and bookinfo-shaped repositories meets in the first hour: fixes classed
 * by what they do to the running workload, and a verdict that never claims more than its evidence.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from './support/cli';
import { PROJECT_ROOT } from './support/paths';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/trust');

function copyOfFixtures(): string {
  const directory = join(mkdtempSync(join(tmpdir(), 'kube-maturity-trust-')), 'repo');
  cpSync(FIXTURES, directory, { recursive: true });
  return directory;
}

const read = (directory: string, file: string) => readFileSync(join(directory, file), 'utf8');

/** The values part 1 of issue 9 lists: a fix run with no options must leave every one of them. */
const EXPLICIT_CHOICES: Array<[string, RegExp]> = [
  ['node-exporter.yaml', /^ {6}hostNetwork: true$/m],
  ['node-exporter.yaml', /^ {6}hostPID: true$/m],
  ['node-exporter.yaml', /^ {14}hostPort: 9100$/m],
  ['node-exporter.yaml', /^ {6}automountServiceAccountToken: true$/m],
  ['prometheus-operator.yaml', /^ {6}automountServiceAccountToken: true$/m],
  ['prometheus-operator.yaml', /^ {2}replicas: 1$/m],
  ['prometheus-operator.yaml', /^ {10}imagePullPolicy: IfNotPresent$/m],
  ['mongodb.yaml', /^ {2}replicas: 1$/m],
];

describe('fix classes on workloads that need what the controls flag', () => {
  it('`fix` with no options applies safe fixes only: no explicit choice changes, no workload runs differently', () => {
    const directory = copyOfFixtures();
    const before = new Map(
      ['node-exporter.yaml', 'prometheus-operator.yaml', 'mongodb.yaml', 'prometheus-rules.yaml'].map(
        (file) => [file, read(directory, file)],
      ),
    );
    const run = runCli(['fix', '.'], { cwd: directory });
    assert.equal(run.status, 0, run.stderr);
    for (const [file, pattern] of EXPLICIT_CHOICES) assert.match(read(directory, file), pattern, file);
    assert.doesNotMatch(read(directory, 'mongodb.yaml'), /readOnlyRootFilesystem/);
    assert.doesNotMatch(read(directory, 'node-exporter.yaml'), /runAsNonRoot/);
    // Safe fixes change nothing a container sees: only object metadata may differ.
    for (const [file, original] of before) {
      const now = read(directory, file);
      const templateOf = (text: string) => text.slice(text.indexOf('  template:'));
      if (original.includes('  template:')) assert.equal(templateOf(now), templateOf(original), file);
    }
    assert.match(run.stderr, /review fix\(es\) not applied: they change how workloads run/);
    assert.match(run.stderr, /draft fix\(es\) not written/);
  });

  it('`fix --review --dry-run` lists the review fixes first, labelled, with titles that name the explicit values they override', () => {
    const directory = copyOfFixtures();
    const run = runCli(['fix', '--review', '--dry-run', '.'], { cwd: directory });
    assert.equal(run.status, 0, run.stderr);
    const firstDiff = run.stdout.indexOf('--- a/');
    const header = run.stdout.slice(0, firstDiff);
    assert.match(header, /^# \d+ review fix\(es\): they change how the workloads run$/m);
    assert.match(
      header,
      /review {2}node-exporter\.yaml:\d+ {2}host-network {2}.*overrides the explicit `hostNetwork: true`/,
    );
    assert.match(
      header,
      /review {2}node-exporter\.yaml:\d+ {2}host-pid {2}.*overrides the explicit `hostPID: true`/,
    );
    assert.match(
      header,
      /review {2}prometheus-operator\.yaml:\d+ {2}automount-service-account-token {2}.*overrides the explicit `automountServiceAccountToken: true`/,
    );
    assert.match(
      header,
      /review {2}prometheus-operator\.yaml:\d+ {2}single-replica {2}.*overrides the explicit `replicas: 1`/,
    );
    assert.match(header, /review {2}mongodb\.yaml:\d+ {2}writable-root-filesystem {2}/);
    // Nothing was written.
    for (const [file, pattern] of EXPLICIT_CHOICES) assert.match(read(directory, file), pattern, file);
    // Files with review fixes come first in the diff, and say so.
    assert.match(run.stdout.slice(firstDiff - 200), /# [\w-]+\.yaml: with review fixes\n=+\n--- a\//);
  });

  it('`fix --review` applies them; `fix --controls host-network` applies that control alone', () => {
    const directory = copyOfFixtures();
    const one = runCli(['fix', '--controls', 'host-network', '.'], { cwd: directory });
    assert.equal(one.status, 0, one.stderr);
    assert.doesNotMatch(read(directory, 'node-exporter.yaml'), /hostNetwork: true/);
    assert.match(read(directory, 'node-exporter.yaml'), /hostPID: true/);
    const all = runCli(['fix', '--review', '.'], { cwd: directory });
    assert.equal(all.status, 0, all.stderr);
    assert.doesNotMatch(read(directory, 'node-exporter.yaml'), /hostPID: true/);
    assert.doesNotMatch(read(directory, 'prometheus-operator.yaml'), /automountServiceAccountToken: true/);
    assert.match(read(directory, 'mongodb.yaml'), /readOnlyRootFilesystem: true/);
    assert.match(all.stderr, /by review fixes/);
  });

  it('`controls --format json` gives every control its fix class; only the argued ones are safe', () => {
    const run = runCli(['controls', '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    const rows = JSON.parse(run.stdout) as Array<{ id: string; fix: string; fixEffect?: string }>;
    for (const row of rows) {
      assert.ok(['safe', 'review', 'draft', 'none'].includes(row.fix), `${row.id}: ${row.fix}`);
      if (row.fix !== 'none') assert.ok(row.fixEffect, `${row.id}: no fixEffect`);
    }
    assert.deepEqual(
      rows
        .filter((row) => row.fix === 'safe')
        .map((row) => row.id)
        .sort(),
      [
        'deprecated-api-version',
        'duplicate-env-var',
        'invalid-field-type',
        'invalid-field-value',
        'missing-recommended-labels',
      ],
    );
    for (const id of [
      'host-network',
      'host-pid',
      'host-port',
      'automount-service-account-token',
      'single-replica',
      // A misspelt key a lenient client dropped takes effect once renamed.
      'unknown-field',
    ])
      assert.equal(rows.find((row) => row.id === id)?.fix, 'review', id);
    for (const id of [
      'missing-pdb',
      'missing-network-policy',
      'missing-autoscaler',
      'default-service-account',
    ])
      assert.equal(rows.find((row) => row.id === id)?.fix, 'draft', id);
    const text = runCli(['controls']);
    assert.match(text.stdout, /^host-network\s+stage 5\s+security\s+error\s+review\s/m);
  });
});

describe('a verdict that never claims more than its evidence', () => {
  it('a folder with only a Namespace is stage 1, and says why', () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-namespace-'));
    writeFileSync(
      join(directory, 'namespace.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    );
    const json = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: directory }).stdout);
    assert.equal(json.stage.stage, 1);
    assert.equal(json.stage.reason, 'no workload in these manifests: stages 2 to 5 cannot be judged');
    const text = runCli(['check', '.'], { cwd: directory });
    assert.match(text.stdout, /Maturity: Stage 1 of 7 · Prepare/);
    assert.match(
      text.stdout,
      /Why not higher: no workload in these manifests: stages 2 to 5 cannot be judged/,
    );
    const cncf = JSON.parse(
      runCli(['check', '--format', 'json', '--model', 'cncf', '.'], { cwd: directory }).stdout,
    );
    assert.equal(cncf.stage.stage, 1);
    assert.match(
      cncf.stage.reason,
      /^no workload in these manifests: level 1 stays at its floor, and levels 2 to 3 cannot be judged$/,
    );
  });

  it('33 ConfigMaps alone are stage 1', () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-configmaps-'));
    const documents = Array.from(
      { length: 33 },
      (_, index) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${index}\ndata:\n  mode: fast\n`,
    );
    writeFileSync(join(directory, 'configmaps.yaml'), documents.join('---\n'));
    const json = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: directory }).stdout);
    assert.equal(json.stage.stage, 1);
    assert.match(json.stage.reason, /no workload in these manifests/);
  });

  it('under --model cncf, every level in the report is met exactly when its coverage reaches the threshold with no failed error', () => {
    const json = JSON.parse(
      runCli(['check', '--format', 'json', '--fail-on', 'none', '--model', 'cncf', '.'], { cwd: FIXTURES })
        .stdout,
    );
    assert.equal(json.stage.model, 'cncf');
    for (const level of json.stage.stages) {
      const total = level.passed + level.failed;
      assert.equal(
        level.met,
        total > 0 && (100 * level.passed) / total >= json.stage.threshold && level.errors === 0,
      );
    }
    const unmet = json.stage.stages.find((level: { met: boolean }) => !level.met);
    assert.equal(json.stage.stage, Math.max(1, (unmet?.stage ?? 6) - 1));
  });
});
