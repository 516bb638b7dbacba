import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import missingCpuRequest from '../../server/src/controls/stage3/missing-cpu-request';
import missingPdb from '../../server/src/controls/stage5/missing-pdb';
import { analyze } from '../../server/src/engine/analyze';
import { defaultSettings, type Settings } from '../../server/src/engine/config';
import type { AnyControl } from '../../server/src/engine/control';
import { parseFile } from '../../server/src/engine/parse';

function deployment(
  options: {
    annotations?: string;
    templateAnnotations?: string;
    namespace?: string;
    before?: string;
    containerComment?: string;
  } = {},
) {
  return `${options.before ?? ''}apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${options.namespace ?? 'shop'}
${options.annotations ? `  annotations:\n${options.annotations}` : ''}spec:
  template:
    metadata:
      labels: {app: web}
${options.templateAnnotations ? `      annotations:\n${options.templateAnnotations}` : ''}    spec:
      containers:
${options.containerComment ?? ''}        - name: app
          image: nginx:1.27
        - name: sidecar
          image: envoy:1.30
`;
}

function exemptions(
  text: string,
  controls: AnyControl[] = [missingCpuRequest],
  settings: Partial<Settings> = {},
) {
  const result = analyze([parseFile('d.yaml', text)], { ...defaultSettings(), ...settings }, controls);
  return result.findings.map(
    (f) =>
      `${f.control}/${f.container ?? '-'}: ${f.exempt ? `${f.exempt.source}: ${f.exempt.reason}` : 'counts'}`,
  );
}

describe('suppression', () => {
  it('counts findings with no suppression', () => {
    assert.deepEqual(exemptions(deployment()), [
      'missing-cpu-request/app: counts',
      'missing-cpu-request/sidecar: counts',
    ]);
  });

  it('own annotation with a list and a reason', () => {
    const text = deployment({
      annotations:
        '    kube-maturity.io/ignore: "run-as-root, missing-cpu-request"\n    kube-maturity.io/ignore-reason: "batch tier"\n',
    });
    assert.deepEqual(exemptions(text), [
      'missing-cpu-request/app: annotation: batch tier',
      'missing-cpu-request/sidecar: annotation: batch tier',
    ]);
  });

  it('own annotation "*" on the pod template', () => {
    const text = deployment({ templateAnnotations: '        kube-maturity.io/ignore: "*"\n' });
    assert.ok(
      exemptions(text).every((line) =>
        line.includes('annotation: ignored by annotation kube-maturity.io/ignore'),
      ),
    );
  });

  it('an annotation for another control does not exempt', () => {
    const text = deployment({ annotations: '    kube-maturity.io/ignore: "run-as-root"\n' });
    assert.ok(exemptions(text).every((line) => line.endsWith('counts')));
  });

  it("peers' annotations for mapped controls", () => {
    const polaris = deployment({
      annotations: '    polaris.fairwinds.com/cpuRequestsMissing-exempt: "true"\n',
    });
    assert.ok(
      exemptions(polaris).every((line) =>
        line.includes('peer-annotation: exempt by polaris.fairwinds.com/cpuRequestsMissing-exempt'),
      ),
    );
    const polarisAll = deployment({ annotations: '    polaris.fairwinds.com/exempt: "true"\n' });
    assert.ok(exemptions(polarisAll).every((line) => line.includes('peer-annotation')));
    const kubeLinter = deployment({
      annotations: '    ignore-check.kube-linter.io/unset-cpu-requirements: "load test"\n',
    });
    assert.ok(exemptions(kubeLinter).every((line) => line.endsWith('peer-annotation: load test')));
    const kubeLinterAll = deployment({ annotations: '    kube-linter.io/ignore-all: "legacy"\n' });
    assert.ok(exemptions(kubeLinterAll).every((line) => line.endsWith('peer-annotation: legacy')));
    const kubeScore = deployment({ annotations: '    kube-score/ignore: pod-probes,container-resources\n' });
    assert.ok(
      exemptions(kubeScore).every((line) => line.includes('peer-annotation: ignored by kube-score/ignore')),
    );
    const wrongValue = deployment({
      annotations: '    polaris.fairwinds.com/cpuRequestsMissing-exempt: "false"\n',
    });
    assert.ok(exemptions(wrongValue).every((line) => line.endsWith('counts')));
  });

  it('a comment above a container exempts that container only', () => {
    const text = deployment({
      containerComment: '        # kube-maturity-ignore missing-cpu-request: measured by VPA\n',
    });
    assert.deepEqual(exemptions(text), [
      'missing-cpu-request/app: comment: measured by VPA',
      'missing-cpu-request/sidecar: counts',
    ]);
  });

  it('a comment at the end of the object first line exempts the whole object', () => {
    const text = deployment().replace(
      'apiVersion: apps/v1\n',
      'apiVersion: apps/v1 # kube-maturity-ignore missing-cpu-request,missing-pdb\n',
    );
    assert.ok(
      exemptions(text, [missingCpuRequest, missingPdb]).every((line) =>
        line.includes('comment: ignored by a # kube-maturity-ignore comment'),
      ),
    );
  });

  it('a comment above the object naming another control does not exempt', () => {
    const text = deployment({ before: '# kube-maturity-ignore missing-pdb\n' });
    assert.deepEqual(exemptions(text, [missingCpuRequest, missingPdb]), [
      'missing-pdb/-: comment: ignored by a # kube-maturity-ignore comment',
      'missing-cpu-request/app: counts',
      'missing-cpu-request/sidecar: counts',
    ]);
  });

  it('configuration exemptions match namespaces, names and containers by prefix', () => {
    const settings = {
      exemptions: [{ controls: ['missing-cpu-request'], containers: ['side'], reason: 'mesh proxy' }],
    };
    assert.deepEqual(exemptions(deployment(), [missingCpuRequest], settings), [
      'missing-cpu-request/app: counts',
      'missing-cpu-request/sidecar: configuration: mesh proxy',
    ]);
    const byNamespace = { exemptions: [{ controls: ['*'], namespaces: ['sh'] }] };
    assert.ok(
      exemptions(deployment(), [missingCpuRequest], byNamespace).every((line) =>
        line.includes('configuration'),
      ),
    );
    const otherNamespace = { exemptions: [{ controls: ['*'], namespaces: ['kube-'] }] };
    assert.ok(
      exemptions(deployment(), [missingCpuRequest], otherNamespace).every((line) => line.endsWith('counts')),
    );
  });

  it('severity off disables a control; a severity override applies to its findings', () => {
    const off = analyze(
      [parseFile('d.yaml', deployment())],
      { ...defaultSettings(), severities: { 'missing-cpu-request': 'off' } },
      [missingCpuRequest],
    );
    assert.equal(off.findings.length, 0);
    assert.equal(off.tallies.length, 0);
    const raised = analyze(
      [parseFile('d.yaml', deployment())],
      { ...defaultSettings(), severities: { 'missing-cpu-request': 'error' } },
      [missingCpuRequest],
    );
    assert.deepEqual(
      raised.findings.map((f) => f.severity),
      ['error', 'error'],
    );
    assert.equal(raised.tallies[0].failedErrors, 2);
  });

  it('exempt checks count as neither passed nor failed, and exempt findings carry no fix', () => {
    const text = deployment({ containerComment: '        # kube-maturity-ignore missing-cpu-request\n' });
    const result = analyze([parseFile('d.yaml', text)], defaultSettings(), [missingCpuRequest]);
    assert.deepEqual(
      { ...result.tallies[0] },
      {
        control: 'missing-cpu-request',
        stage: 3,
        passed: 0,
        failed: 1,
        exempt: 1,
        failedErrors: 0,
        failedWarnings: 1,
        failedInfos: 0,
      },
    );
    assert.equal(result.findings[0].fix, undefined);
    assert.ok(result.findings[1].fix);
  });
});
