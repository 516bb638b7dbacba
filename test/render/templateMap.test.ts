import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  locate,
  type RenderedItem,
  type RenderedStep,
  readDefines,
  readSkeleton,
} from '../../server/src/render/templateMap';
import { mappingAccuracy } from '../support/mappingAccuracy';
import { FIXTURE_REPOS } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
      - name: app
        image: "{{ .Values.image.repository }}"
        resources:
          {{- toYaml .Values.resources | nindent 10 }}
      {{- range .Values.sidecars }}
      - name: {{ .name }}
        image: {{ .image }}
      {{- end }}
`;
const HELPERS = `{{- define "app.labels" -}}
app.kubernetes.io/name: app
{{ include "app.selector" . }}
{{- end }}
{{- define "app.selector" -}}
app: demo
{{- end }}
`;

describe('template skeleton and mapping', () => {
  const skeleton = readSkeleton('templates/deployment.yaml', TEMPLATE.split('\n'));
  const defines = readDefines('templates/_helpers.tpl', HELPERS);
  // [index, name]: the item at index of a rendered list whose items before it are unnamed.
  const at = (...path: Array<string | number | [number, string]>) =>
    locate(
      skeleton,
      path.map((step): RenderedStep => {
        if (typeof step === 'string') return { key: step };
        if (typeof step === 'number') return { index: step };
        const [index, name] = step;
        const siblings = Array.from(
          { length: index + 1 },
          (_, position): RenderedItem => (position === index ? { name, fields: { name } } : { fields: {} }),
        );
        return { index, siblings };
      }),
      defines,
    );

  it('puts a literal key on its line, through control lines', () => {
    assert.deepEqual(at('spec', 'replicas'), {
      file: 'templates/deployment.yaml',
      line: 8,
      column: 2,
      valuesPath: 'replicaCount',
    });
    assert.equal(at('spec', 'template', 'spec', 'containers', [0, 'app'], 'image').line, 14);
  });

  it('follows an include into its define body, and an include within it', () => {
    assert.deepEqual(at('metadata', 'labels', 'app.kubernetes.io/name'), {
      file: 'templates/_helpers.tpl',
      line: 1,
      column: 0,
    });
    assert.equal(at('metadata', 'labels', 'app').file, 'templates/_helpers.tpl');
    assert.equal(at('metadata', 'labels', 'app').line, 5);
  });

  it('puts what toYaml writes on its line, naming the values path', () => {
    assert.deepEqual(at('spec', 'template', 'spec', 'containers', [0, 'app'], 'resources', 'limits', 'cpu'), {
      file: 'templates/deployment.yaml',
      line: 16,
      column: 10,
      valuesPath: 'resources.limits.cpu',
    });
  });

  it('maps a list item an include writes into the define body, not onto a range beside it', () => {
    const template = readSkeleton(
      'templates/deployment.yaml',
      `spec:
  containers:
    - name: web
      image: web:1
    {{- include "app.sidecar" . | nindent 4 }}
    {{- range .Values.extraContainers }}
    - name: {{ .name }}
      image: {{ .image }}
    {{- end }}
`.split('\n'),
    );
    const helpers = readDefines(
      'templates/_helpers.tpl',
      '{{- define "app.sidecar" -}}\n- name: sidecar\n  image: busybox\n{{- end }}\n',
    );
    const siblings: RenderedItem[] = [
      { name: 'web', fields: { name: 'web', image: 'web:1' } },
      { name: 'sidecar', fields: { name: 'sidecar', image: 'busybox' } },
    ];
    const found = locate(
      template,
      [{ key: 'spec' }, { key: 'containers' }, { index: 1, siblings }, { key: 'image' }],
      helpers,
    );
    assert.deepEqual({ file: found.file, line: found.line }, { file: 'templates/_helpers.tpl', line: 2 });
    const item = locate(template, [{ key: 'spec' }, { key: 'containers' }, { index: 1, siblings }], helpers);
    assert.deepEqual({ file: item.file, line: item.line }, { file: 'templates/_helpers.tpl', line: 1 });
    const own = locate(
      template,
      [{ key: 'spec' }, { key: 'containers' }, { index: 0, siblings }, { key: 'image' }],
      helpers,
    );
    assert.deepEqual({ file: own.file, line: own.line }, { file: 'templates/deployment.yaml', line: 3 });
  });

  it('maps the items a range writes to the ranged item, and a missing key to its parent', () => {
    assert.equal(at('spec', 'template', 'spec', 'containers', [1, 'envoy'], 'image').line, 19);
    assert.equal(at('spec', 'template', 'spec', 'containers', [2, 'redis']).line, 18);
    assert.equal(at('spec', 'template', 'spec', 'nodeSelector').line, 11);
    assert.equal(at('status').line, 0, 'an unknown top-level key: the first line');
  });
});

describeWithRenderTools('mapping accuracy on the fixture chart, against an instrumented render', (tools) => {
  it(`${tools.name}: every rendered key on the line that wrote it`, async () => {
    const accuracy = await mappingAccuracy(
      tools.helm,
      {
        chartDir: join(FIXTURE_REPOS, 'helm/webapp'),
        release: 'demo',
        valuesFiles: [],
        set: { 'ingress.enabled': 'true' },
      },
      { timeoutMs: 60_000, maxOutputBytes: 16 * 1024 * 1024 },
    );
    console.log(`mapping (fixture chart, ${tools.name}): ${accuracy.exact} of ${accuracy.keys} keys exact`);
    assert.ok(accuracy.keys > 50, `${accuracy.keys} keys`);
    assert.deepEqual(accuracy.misses, []);
  });
});
