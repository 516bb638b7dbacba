/**
 * A built kustomization's fixes as fixes of its files, with the real kubectl kustomize (Kustomize 5.6 and
 * 5.7), on a tree in the shape of a real one (test/fixtures/kustomize-fixes: a base two overlays build, a
 * root with its own resources): a field a patch sets is fixed in the patch, one of a base one root builds
 * in the base, one of a shared base in a new patch of each overlay that shows it; a transformer's field
 * is withheld naming the kustomization field, and a fix the rebuild shows does not work is dropped.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/engine/result';
import { patchEntryEdit } from '../../server/src/render/kustomizeFixes';
import { applyChartFix, copyToTemp, readFolder, readIn, sameFinding } from '../support/chartFixes';
import { checkKustomizations, type KustomizeCheck } from '../support/kustomizeFixes';
import { PROJECT_ROOT } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const TREE = join(PROJECT_ROOT, 'test/fixtures/kustomize-fixes');

function find(check: KustomizeCheck, control: string, file: string, build?: RegExp): Finding {
  const found = check.findings.find(
    (finding) =>
      finding.control === control &&
      finding.file === `payments/${file}` &&
      (build === undefined || build.test(finding.message)),
  );
  assert.ok(
    found,
    `${control} on ${file}; found on ${check.findings
      .filter((finding) => finding.control === control)
      .map((finding) => `${finding.file} ${finding.message}`)
      .join(', ')}`,
  );
  return found;
}

const original = (file: string) => readFileSync(join(TREE, file), 'utf8');

/** Applies the finding's fix to the folder, builds and checks it again: the finding gone from every build. */
async function assertFixedByRebuild(
  directory: string,
  kubectl: string,
  check: KustomizeCheck,
  finding: Finding,
): Promise<KustomizeCheck> {
  const builds = check.renders.fixes.find((entry) => entry.finding === finding)!.builds;
  applyChartFix(directory, finding);
  const again = await checkKustomizations(directory, kubectl, false);
  for (const build of builds)
    assert.equal(
      again.findings.some((other) => sameFinding(other, build.finding)),
      false,
      `${finding.control} is still in ${build.built.root}`,
    );
  return again;
}

describe('a new patch named in a kustomization', () => {
  it("follows the last item of patches:, at its dash's column", () => {
    const text =
      'resources:\n  - ../../base\npatches:\n  - path: a.yaml\n    target:\n      kind: Deployment\nimages: []\n';
    const edit = patchEntryEdit(text, 'b.yaml');
    assert.ok(typeof edit !== 'string');
    assert.equal(
      text.slice(0, edit.start) + edit.newText + text.slice(edit.end),
      'resources:\n  - ../../base\npatches:\n  - path: a.yaml\n    target:\n      kind: Deployment\n  - path: b.yaml\nimages: []\n',
    );
  });

  it('adds patches: at the end in the style of the other lists, and leaves a flow list alone', () => {
    const text = 'resources:\n- ../../base\nnamePrefix: prod-';
    const edit = patchEntryEdit(text, 'b.yaml');
    assert.ok(typeof edit !== 'string');
    assert.equal(
      text.slice(0, edit.start) + edit.newText,
      'resources:\n- ../../base\nnamePrefix: prod-\npatches:\n- path: b.yaml\n',
    );
    assert.equal(patchEntryEdit('patches: []\n', 'b.yaml'), '`patches:` is not a block list');
  });
});

describeWithRenderTools('kustomization fixes of built findings', (tools) => {
  it(`${tools.name}: a field the overlay's patch sets: the patch edited at its own indentation, nothing else`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const check = await checkKustomizations(directory, tools.kubectl);
    const cpu = find(check, 'missing-cpu-limit', 'overlays/staging/resources-patch.yaml');
    assert.deepEqual(cpu.fix, {
      class: 'review',
      title: 'Add resources.limits.cpu: 500m in payments/overlays/staging/resources-patch.yaml',
      edits: [
        {
          file: 'payments/overlays/staging/resources-patch.yaml',
          range: { start: { line: 12, character: 27 }, end: { line: 12, character: 27 } },
          newText: '\n              cpu: 500m',
        },
      ],
    });
    await assertFixedByRebuild(directory, tools.kubectl, check, cpu);
    assert.equal(
      readIn(directory)('payments/overlays/staging/resources-patch.yaml'),
      original('overlays/staging/resources-patch.yaml').replace(
        '              memory: 384Mi\n',
        '              memory: 384Mi\n              cpu: 500m\n',
      ),
    );
    assert.equal(readIn(directory)('payments/base/deployment.yaml'), original('base/deployment.yaml'));
  });

  it(`${tools.name}: a key the overlay's patch misspells: renamed in the patch, where it is written, the base untouched`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const patchPath = join(directory, 'payments/overlays/staging/resources-patch.yaml');
    const patched = original('overlays/staging/resources-patch.yaml').replace(
      'spec:\n  template:\n',
      'spec:\n  minReadySecond: 10\n  template:\n',
    );
    writeFileSync(patchPath, patched);
    const check = await checkKustomizations(directory, tools.kubectl);
    const typo = find(check, 'unknown-field', 'overlays/staging/resources-patch.yaml');
    assert.match(
      typo.message,
      /"minReadySecond" is not a field of DeploymentSpec; did you mean "minReadySeconds"\?/,
    );
    assert.equal(typo.range?.start.line, 6);
    assert.deepEqual(
      typo.fix && { ...typo.fix, edits: typo.fix.edits.map((edit) => [edit.file, edit.newText]) },
      {
        class: 'review',
        title: 'Rename minReadySecond to minReadySeconds in payments/overlays/staging/resources-patch.yaml',
        edits: [['payments/overlays/staging/resources-patch.yaml', 'minReadySeconds']],
      },
    );
    await assertFixedByRebuild(directory, tools.kubectl, check, typo);
    assert.equal(
      readIn(directory)('payments/overlays/staging/resources-patch.yaml'),
      patched.replace('minReadySecond:', 'minReadySeconds:'),
    );
    assert.equal(readIn(directory)('payments/base/deployment.yaml'), original('base/deployment.yaml'));
  });

  it(`${tools.name}: a port a patch writes again with another protocol is a second item: the base's stays on the base line`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const base = original('base/deployment.yaml');
    const written = '            - name: http\n              containerPort: 8080\n';
    assert.ok(base.includes(written), 'the base declares its http port');
    writeFileSync(
      join(directory, 'payments/base/deployment.yaml'),
      base.replace(written, `${written}              protocol: tcp\n`),
    );
    writeFileSync(
      join(directory, 'payments/overlays/staging/resources-patch.yaml'),
      original('overlays/staging/resources-patch.yaml').replace(
        '          resources:\n',
        '          ports:\n            - name: http\n              containerPort: 8080\n              protocol: TCP\n          resources:\n',
      ),
    );
    const check = await checkKustomizations(directory, tools.kubectl, false);
    const protocol = check.findings.filter(
      (finding) => finding.control === 'invalid-field-value' && /protocol: "tcp"/.test(finding.message),
    );
    assert.ok(protocol.length > 0, 'the base port is reported');
    const baseLine = base.split('\n').indexOf('              containerPort: 8080') + 1;
    for (const finding of protocol) {
      assert.equal(finding.file, 'payments/base/deployment.yaml', finding.message);
      assert.equal(finding.range?.start.line, baseLine);
    }
  });

  it(`${tools.name}: a patch written in the kustomization (patch: |-): edited inside its block, at the block's indentation`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const kustomization = join(directory, 'payments/overlays/staging/kustomization.yaml');
    const patch = original('overlays/staging/resources-patch.yaml')
      .replace(/^#.*\n/, '')
      .trimEnd();
    const inline = patch.replace(/^/gm, '      ');
    writeFileSync(
      kustomization,
      readFileSync(kustomization, 'utf8').replace(
        '  - path: resources-patch.yaml\n',
        `  - patch: |-\n${inline}\n`,
      ),
    );
    const written = readFileSync(kustomization, 'utf8');
    const check = await checkKustomizations(directory, tools.kubectl);
    const cpu = find(check, 'missing-cpu-limit', 'overlays/staging/kustomization.yaml');
    assert.deepEqual(
      cpu.fix?.edits.map((edit) => edit.file),
      ['payments/overlays/staging/kustomization.yaml'],
    );
    await assertFixedByRebuild(directory, tools.kubectl, check, cpu);
    assert.equal(
      readFileSync(kustomization, 'utf8'),
      written.replace(
        '                    memory: 384Mi',
        '                    memory: 384Mi\n                    cpu: 500m',
      ),
    );
  });

  it(`${tools.name}: a field a JSON 6902 operation's value writes: a key added inside the value`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const kustomization = join(directory, 'payments/overlays/production/kustomization.yaml');
    writeFileSync(
      kustomization,
      `${readFileSync(kustomization, 'utf8')}patches:\n- target:\n    kind: Deployment\n    name: payments\n  patch: |-\n    - op: add\n      path: /spec/template/spec/containers/0/resources/limits\n      value:\n        memory: 512Mi\n`,
    );
    const written = readFileSync(kustomization, 'utf8');
    const check = await checkKustomizations(directory, tools.kubectl);
    const cpu = find(check, 'missing-cpu-limit', 'overlays/production/kustomization.yaml');
    assert.equal(
      cpu.fix?.title,
      'Add resources.limits.cpu: 500m in the patch in payments/overlays/production/kustomization.yaml',
    );
    await assertFixedByRebuild(directory, tools.kubectl, check, cpu);
    assert.equal(
      readFileSync(kustomization, 'utf8'),
      written.replace('        memory: 512Mi\n', '        memory: 512Mi\n        cpu: 500m\n'),
    );
  });

  it(`${tools.name}: a field of a base one root builds: the base edited`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const check = await checkKustomizations(directory, tools.kubectl);
    const cpu = find(check, 'missing-cpu-limit', 'worker/deployment.yaml');
    assert.equal(cpu.fix?.title, 'Add resources.limits.cpu: 500m in payments/worker/deployment.yaml');
    assert.deepEqual(
      cpu.fix?.edits.map((edit) => edit.file),
      ['payments/worker/deployment.yaml'],
    );
    await assertFixedByRebuild(directory, tools.kubectl, check, cpu);
    assert.equal(
      readIn(directory)('payments/worker/deployment.yaml'),
      original('worker/deployment.yaml').replace(
        '              memory: 256Mi\n',
        '              memory: 256Mi\n              cpu: 500m\n',
      ),
    );
  });

  it(`${tools.name}: a field of a base two overlays build: a new patch in each, naming the object as the base does, in its patches:`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const before = readFolder(directory);
    const check = await checkKustomizations(directory, tools.kubectl);
    assert.deepEqual(readFolder(directory), before, 'verifying wrote nothing in the workspace');
    const escalation = find(check, 'privilege-escalation', 'base/deployment.yaml');
    assert.match(
      escalation.message,
      /in every build of it here: payments\/overlays\/production, payments\/overlays\/staging/,
    );
    assert.equal(escalation.fix?.class, 'review');
    const edits = new Map(escalation.fix!.edits.map((edit) => [edit.file, edit.newText]));
    assert.deepEqual([...edits.keys()].sort(), [
      'payments/overlays/production/kube-maturity-patch-deployment-payments.yaml',
      'payments/overlays/production/kustomization.yaml',
      // The staging overlay's own patch names the Deployment: it is edited rather than a new one added.
      'payments/overlays/staging/resources-patch.yaml',
    ]);
    assert.equal(
      edits.get('payments/overlays/production/kube-maturity-patch-deployment-payments.yaml'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: payments\nspec:\n  template:\n    spec:\n      containers:\n        - name: payments\n          securityContext:\n            allowPrivilegeEscalation: false\n',
    );
    await assertFixedByRebuild(directory, tools.kubectl, check, escalation);
    const production = readIn(directory)('payments/overlays/production/kustomization.yaml')!;
    assert.equal(
      production,
      `${original('overlays/production/kustomization.yaml')}patches:\n- path: kube-maturity-patch-deployment-payments.yaml\n`,
    );
    assert.equal(readIn(directory)('payments/base/deployment.yaml'), original('base/deployment.yaml'));
    // What kustomize built (the prefixed name, the overlay's namespace) is in none of what the fix wrote.
    for (const text of edits.values()) assert.doesNotMatch(text, /prod-|staging-|namespace:/);
  });

  it(`${tools.name}: a base two overlays build, neither with a patch of its own: a new patch file and a patches: entry in each`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const staging = join(directory, 'payments/overlays/staging/kustomization.yaml');
    writeFileSync(staging, readFileSync(staging, 'utf8').replace(/\npatches:\n.*\n/, '\n'));
    const check = await checkKustomizations(directory, tools.kubectl);
    const escalation = find(check, 'privilege-escalation', 'base/deployment.yaml');
    assert.deepEqual(escalation.fix?.edits.map((edit) => edit.file).sort(), [
      'payments/overlays/production/kube-maturity-patch-deployment-payments.yaml',
      'payments/overlays/production/kustomization.yaml',
      'payments/overlays/staging/kube-maturity-patch-deployment-payments.yaml',
      'payments/overlays/staging/kustomization.yaml',
    ]);
    await assertFixedByRebuild(directory, tools.kubectl, check, escalation);
    assert.match(
      readFileSync(staging, 'utf8'),
      /\npatches:\n {2}- path: kube-maturity-patch-deployment-payments\.yaml\n$/,
    );
  });

  it(`${tools.name}: a field a kustomization transformer writes is withheld naming the field; a fix that copies what kustomize built too`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const check = await checkKustomizations(directory, tools.kubectl);
    // On the kustomization line that sets it, and no fix of the base.
    const replicas = find(check, 'single-replica', 'overlays/production/kustomization.yaml', /prod-payments/);
    assert.equal(replicas.fix, undefined);
    assert.equal(
      replicas.fixWithheld,
      'spec.replicas is written by the `replicas:` of payments/overlays/production/kustomization.yaml (a kustomization transformer): change it there',
    );
    const spread = find(check, 'missing-topology-spread', 'base/deployment.yaml');
    assert.equal(spread.fix, undefined);
    assert.match(spread.fixWithheld ?? '', /^it would write "payments", which kustomize built/);
  });

  it(`${tools.name}: a fix the rebuild still shows the finding with is dropped, with the reason`, async () => {
    const directory = copyToTemp(TREE, 'payments');
    const check = await checkKustomizations(directory, tools.kubectl);
    // The worker writes replicas: 1 and its kustomization's replicas: sets 1 again after any edit of it.
    const replicas = find(check, 'single-replica', 'worker/deployment.yaml');
    assert.equal(replicas.fix, undefined);
    assert.equal(
      replicas.fixWithheld,
      'not offered: built again with it, the kustomization still has the finding',
    );
    assert.ok(check.counts.unverified >= 1, JSON.stringify(check.counts));
    assert.ok(check.counts.offered >= 4, JSON.stringify(check.counts));
  });
});
