import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../server/src/engine/config';

const known = new Set(['run-as-root', 'missing-pdb']);

describe('parseConfig', () => {
  it('reads every setting', () => {
    const settings = parseConfig(
      `controls:
  run-as-root: off
  missing-pdb: error
exemptions:
  - controls: ["*"]
    namespaces: [kube-]
    reason: system namespaces
exclude: ["vendor/**"]
stageThreshold: 70
kubernetesVersion: "1.29"
fixDefaults:
  cpuRequest: 50m
  jobTtlSecondsAfterFinished: 600
`,
      '.kube-maturity.yaml',
      known,
    );
    assert.deepEqual(settings.severities, { 'run-as-root': 'off', 'missing-pdb': 'error' });
    assert.deepEqual(settings.exemptions, [
      { controls: ['*'], namespaces: ['kube-'], reason: 'system namespaces' },
    ]);
    assert.deepEqual(settings.exclude, ['vendor/**']);
    assert.equal(settings.stageThreshold, 70);
    assert.equal(settings.kubernetesVersion, '1.29');
    assert.equal(settings.fixDefaults.cpuRequest, '50m');
    assert.equal(settings.fixDefaults.memoryRequest, '128Mi');
    assert.equal(settings.fixDefaults.jobTtlSecondsAfterFinished, 600);
  });

  it('accepts an empty file', () => assert.equal(parseConfig('', 'c.yaml', known).stageThreshold, 80));

  it('reads how each chart is rendered', () => {
    const settings = parseConfig(
      'render:\n  charts:\n    - path: charts/web\n      release: web\n      namespace: shop\n      values: [charts/web/values-prod.yaml]\n      set: {image.tag: 1.2.3, replicaCount: 3}\n      kubeVersion: "1.33.0"\n',
      'c.yaml',
      known,
    );
    assert.deepEqual(settings.render.charts, [
      {
        path: 'charts/web',
        release: 'web',
        namespace: 'shop',
        values: ['charts/web/values-prod.yaml'],
        set: { 'image.tag': '1.2.3', replicaCount: '3' },
        kubeVersion: '1.33.0',
      },
    ]);
    assert.deepEqual(parseConfig('', 'c.yaml', known).render, { charts: [] });
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['unknown top-level key', 'stageThresold: 70\n', /c\.yaml:1:1: unknown key "stageThresold"/],
    [
      'unknown control',
      'controls:\n  no-such-control: off\n',
      /c\.yaml:2:3: unknown control "no-such-control"/,
    ],
    [
      'bad severity',
      'controls:\n  run-as-root: loud\n',
      /c\.yaml:2:16: controls\.run-as-root must be one of off, info, warning, error/,
    ],
    ['threshold out of range', 'stageThreshold: 180\n', /stageThreshold must be a number from 0 to 100/],
    ['threshold as text', 'stageThreshold: high\n', /stageThreshold must be a number/],
    [
      'unknown exemption key',
      'exemptions:\n  - controls: [run-as-root]\n    namespace: [x]\n',
      /c\.yaml:3:5: unknown key "exemptions\[\]\.namespace"/,
    ],
    ['exemption without controls', 'exemptions:\n  - names: [x]\n', /an exemption needs controls/],
    ['exclude outside the workspace', 'exclude: ["../secrets/**"]\n', /points outside it/],
    ['absolute exclude', 'exclude: ["/etc/**"]\n', /points outside it/],
    ['bad version', 'kubernetesVersion: latest\n', /kubernetesVersion must look like "1\.33"/],
    ['bad fix default', 'fixDefaults:\n  cpuRequest: 12\n', /fixDefaults\.cpuRequest must be a quantity/],
    ['unknown fix default', 'fixDefaults:\n  cpu: 1m\n', /unknown key "fixDefaults\.cpu"/],
    ['syntax error', 'controls: [\n', /c\.yaml:\d+:\d+: /],
    ['not a mapping', '- a\n- b\n', /must be a mapping of settings/],
    [
      'a values file given by URL',
      'render:\n  charts:\n    - path: charts/web\n      values: [values.yaml, "https://example.com/values.yaml"]\n',
      /c\.yaml:4:29: render\.charts\[\]\.values must be local files: a URL would need the network/,
    ],
    [
      'a values file outside the workspace',
      'render:\n  charts:\n    - path: charts/web\n      values: [charts/../../outside/values.yaml]\n',
      /c\.yaml:4:16: render\.charts\[\]\.values are relative to the workspace: "charts\/\.\.\/\.\.\/outside\/values\.yaml" points outside it/,
    ],
    [
      'an absolute values file',
      'render:\n  charts:\n    - path: charts/web\n      values: [/etc/passwd]\n',
      /values are relative to the workspace: "\/etc\/passwd" points outside it/,
    ],
    [
      'a chart folder outside the workspace',
      'render:\n  charts:\n    - path: ../other/chart\n',
      /render\.charts\[\]\.path is relative to the workspace: "\.\.\/other\/chart" points outside it/,
    ],
    [
      'a chart named twice',
      'render:\n  charts:\n    - path: charts/web\n    - path: ./charts/web/\n',
      /c\.yaml:4:7: render\.charts names the chart "\.\/charts\/web\/" twice/,
    ],
    [
      'a chart without a path',
      'render:\n  charts:\n    - release: web\n',
      /a render\.charts entry needs a path/,
    ],
    [
      'a release that is not a DNS name',
      'render:\n  charts:\n    - path: c\n      release: Web_1\n',
      /release must be a lowercase DNS name/,
    ],
    [
      'an unknown render key',
      'render:\n  overlays: []\n',
      /unknown key "render\.overlays" \(expected charts\)/,
    ],
    [
      'a set value that is not a scalar',
      'render:\n  charts:\n    - path: c\n      set: {a: [1]}\n',
      /render\.charts\[\]\.set\.a must be a scalar/,
    ],
    [
      'a YAML tag cannot smuggle code in',
      'stageThreshold: !!js/function "function(){}"\n',
      /stageThreshold must be a number/,
    ],
  ];
  for (const [name, text, expected] of invalid) {
    it(`rejects ${name} with a message naming the key`, () => {
      assert.throws(
        () => parseConfig(text, 'c.yaml', known),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.match((error as Error).message, expected);
          return true;
        },
      );
    });
  }
});
