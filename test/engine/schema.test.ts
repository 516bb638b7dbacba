/**
 * The schema of the built-in kinds: the committed tables are what the pinned packages give, they say what
 * the API says of the fields controls and users meet most, the target version picks the table, values are
 * read as kubectl reads YAML, and a finding about a missing field names the misspelling that hides it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument, type Scalar, type YAMLMap } from 'yaml';
import { allControls } from '../../server/src/controls';
import { defaultSettings } from '../../server/src/engine/config';
import { kindTableFor, schemaVersionFor } from '../../server/src/engine/schema';
import { kubectlReading } from '../../server/src/engine/schema/scalars';
import type { FieldType, ObjectDefinition } from '../../server/src/engine/schema/types';
import { checkWorkspace } from '../../server/src/engine/workspace';
import { PROJECT_ROOT } from '../support/paths';

function fieldAt(definition: ObjectDefinition | undefined, path: string[]): FieldType | undefined {
  let type: FieldType | undefined = definition ? { kind: 'object', definition } : undefined;
  for (const key of path) {
    while (type?.kind === 'list') type = type.items;
    type = type?.kind === 'object' ? type.definition.field(key) : undefined;
  }
  return type;
}

describe('the schema tables', () => {
  it('are what the pinned packages give (npm run schema regenerates them)', () => {
    const run = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts/schema.mjs'), '--check'], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /the schema tables are current/);
  });

  it('say what the API says of the fields met most', () => {
    const table = kindTableFor(undefined);
    assert.equal(table.kubernetes, '1.36');
    const deployment = table.root('apps/v1', 'Deployment');
    assert.deepEqual(fieldAt(deployment, ['spec', 'replicas']), { kind: 'integer' });
    assert.deepEqual(deployment && fieldAt(deployment, ['spec'])?.kind, 'object');
    const container = ['spec', 'template', 'spec', 'containers'];
    assert.deepEqual(fieldAt(deployment, [...container, 'imagePullPolicy']), {
      kind: 'enum',
      values: ['Always', 'IfNotPresent', 'Never'],
    });
    assert.deepEqual(fieldAt(deployment, [...container, 'resources', 'limits']), {
      kind: 'map',
      values: { kind: 'quantity' },
    });
    const containerType = fieldAt(deployment, container);
    assert.equal(containerType?.kind, 'list');
    const containerDefinition =
      containerType?.kind === 'list' && containerType.items.kind === 'object'
        ? containerType.items.definition
        : undefined;
    assert.deepEqual(containerDefinition?.required, ['name']);
    const service = table.root('v1', 'Service');
    assert.deepEqual(fieldAt(service, ['spec', 'ports', 'targetPort']), { kind: 'intOrString' });
    assert.deepEqual(fieldAt(service, ['spec', 'ports', 'protocol']), {
      kind: 'enum',
      values: ['SCTP', 'TCP', 'UDP'],
    });
    assert.deepEqual(fieldAt(table.root('v1', 'ConfigMap'), ['data']), {
      kind: 'map',
      values: { kind: 'string' },
    });
    assert.ok(table.root('extensions/v1beta1', 'Ingress'), 'removed APIs are kept');
    assert.equal(table.root('example.com/v1', 'Widget'), undefined);
  });

  it('the target version picks the oldest shipped release at or above it', () => {
    assert.equal(schemaVersionFor(undefined), '1.36');
    assert.equal(schemaVersionFor('1.36'), '1.36');
    assert.equal(schemaVersionFor('1.34'), '1.36');
    assert.equal(schemaVersionFor('1.33'), '1.33');
    assert.equal(schemaVersionFor('1.20'), '1.33');
    assert.equal(schemaVersionFor('1.40'), '1.36');
    assert.equal(kindTableFor('1.30').kubernetes, '1.33');
  });

  it('a field added after the target version is unknown there', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostnameOverride: db-0
  containers:
    - name: app
      image: acme/app:1.0
`;
    const unknownAt = (kubernetesVersion?: string) =>
      checkWorkspace([{ path: 'pod.yaml', text }], {
        settings: { ...defaultSettings(), kubernetesVersion },
        controls: allControls,
      }).analysis.findings.filter((finding) => finding.control === 'unknown-field');
    assert.deepEqual(unknownAt(), []);
    assert.deepEqual(
      unknownAt('1.33').map((finding) => [finding.message, finding.fixWithheld]),
      [
        [
          'Pod p: "hostnameOverride" is not a field of PodSpec (Kubernetes 1.36 takes it: checked against 1.33)',
          'it is valid in a newer Kubernetes: raise kubernetesVersion, or remove it for 1.33',
        ],
      ],
    );
    assert.match(
      unknownAt('1.30')[0].message,
      /\(Kubernetes 1\.36 takes it: checked against 1\.33, the schema for kubernetesVersion 1\.30\)$/,
    );
  });

  it('a kind a newer release serves at this apiVersion says so', () => {
    const text = `apiVersion: storage.k8s.io/v1
kind: VolumeAttributesClass
metadata:
  name: gold
driverName: csi.example.com
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata:
  name: gpu
spec: {}
`;
    const at = (kubernetesVersion?: string) =>
      checkWorkspace([{ path: 'vac.yaml', text }], {
        settings: { ...defaultSettings(), kubernetesVersion },
        controls: allControls,
      }).analysis.findings.filter((finding) => finding.control === 'invalid-field-value');
    assert.deepEqual(at(), []);
    assert.deepEqual(
      at('1.33').map((finding) => finding.message),
      [
        'VolumeAttributesClass gold: storage.k8s.io/v1 has no kind VolumeAttributesClass in Kubernetes 1.33 (1.36 serves it)',
        'DeviceClass gpu: resource.k8s.io/v1 has no kind DeviceClass in Kubernetes 1.33 (1.36 serves it)',
      ],
    );
  });
});

describe('values as kubectl reads them (YAML 1.1, go-yaml v2)', () => {
  const cases: Array<[string, ReturnType<typeof kubectlReading>]> = [
    ['yes', 'boolean'],
    ['On', 'boolean'],
    ['n', 'boolean'],
    ['true', 'boolean'],
    ['TRUE', 'boolean'],
    ['"true"', 'string'],
    ['yess', 'string'],
    ['3', 'integer'],
    ['0x1F', 'integer'],
    ['0644', 'integer'],
    ['1_000', 'integer'],
    ['-7', 'integer'],
    ['"3"', 'string'],
    ["'3'", 'string'],
    ['3.0', 'float'],
    ['1e3', 'float'],
    ['.inf', 'float'],
    ['500m', 'string'],
    ['1Gi', 'string'],
    ['~', 'null'],
    ['null', 'null'],
    ['', 'null'],
    ['!!str 3', 'string'],
    ['!!int "3"', 'integer'],
    ['|\n  3', 'string'],
  ];
  for (const [source, expected] of cases)
    it(`${JSON.stringify(source)} is ${expected}`, () => {
      const document = parseDocument(`value: ${source}\n`);
      const value = (document.contents as YAMLMap).items[0].value as Scalar;
      assert.equal(kubectlReading(value), expected);
    });
});

describe('a control that finds a field missing, where the field is misspelled', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resouces:
            requests: { cpu: 10m }
          livenesProbe:
            tcpSocket: { port: 80 }
`;
  const findings = checkWorkspace([{ path: 'web.yaml', text }], {
    settings: defaultSettings(),
    controls: allControls,
  }).analysis.findings;
  const byControl = (id: string) => findings.filter((finding) => finding.control === id);

  it('says so, and withholds the fix that would add a second key', () => {
    const [cpu] = byControl('missing-cpu-request');
    assert.match(
      cpu.message,
      /no resources\.requests\.cpu \(`resouces` is not a field: did you mean `resources`\?\)/,
    );
    assert.equal(cpu.fix, undefined);
    assert.match(cpu.fixWithheld ?? '', /`resouces` looks like a misspelling of `resources`/);
    const [liveness] = byControl('missing-liveness-probe');
    assert.match(liveness.message, /\(`livenesProbe` is not a field: did you mean `livenessProbe`\?\)/);
  });

  it('the unknown fields carry the rename, for review', () => {
    assert.deepEqual(
      byControl('unknown-field').map((finding) => [finding.message, finding.fix?.class, finding.fix?.title]),
      [
        [
          'Deployment web: "resouces" is not a field of Container; did you mean "resources"?',
          'review',
          'Rename resouces to resources',
        ],
        [
          'Deployment web: "livenesProbe" is not a field of Container; did you mean "livenessProbe"?',
          'review',
          'Rename livenesProbe to livenessProbe',
        ],
      ],
    );
  });

  it('a control whose field is not the misspelled one says nothing of it', () => {
    const [readiness] = byControl('missing-readiness-probe');
    assert.doesNotMatch(readiness.message, /not a field/);
  });

  it('nor does a finding outside the mapping that holds the misspelling, though its check read the field', () => {
    const misspeltAccount = text.replace(
      '      containers:\n',
      '      serviceAccount_name: web\n      containers:\n',
    );
    const all = checkWorkspace([{ path: 'web.yaml', text: misspeltAccount }], {
      settings: defaultSettings(),
      controls: allControls,
    }).analysis.findings;
    const policy = all.find((finding) => finding.control === 'missing-network-policy');
    assert.ok(policy, 'missing-network-policy reads serviceAccountName and reports the workload');
    assert.doesNotMatch(policy.message, /serviceAccount_name/);
    assert.ok(
      all.some(
        (finding) => finding.control === 'unknown-field' && /serviceAccount_name/.test(finding.message),
      ),
    );
  });
});

describe('merge keys cut short', () => {
  it('leave no required field reported missing (what the cut left unread may hold it)', () => {
    // Each container merges the one before it: past the bound, the image of the first is not read.
    const chain = Array.from(
      { length: 20 },
      (_, i) => `        - &c${i + 1}\n          <<: *c${i}\n          name: c${i + 1}\n`,
    ).join('');
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - &c0
      name: c0
      image: nginx:1.27
${chain.replaceAll('        ', '    ')}`;
    const findings = checkWorkspace([{ path: 'merge.yaml', text }], {
      settings: defaultSettings(),
      controls: allControls,
    }).analysis;
    assert.ok(
      findings.problems.some((problem) => /only the first are read/.test(problem.message)),
      JSON.stringify(findings.problems),
    );
    assert.deepEqual(
      findings.findings
        .filter((finding) => finding.control === 'missing-required-field')
        .map((f) => f.message),
      [],
    );
  });
});
