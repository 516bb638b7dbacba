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
