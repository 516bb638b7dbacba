import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractObjects } from '../../server/src/engine/model';
import { bool, get } from '../../server/src/engine/nodes';
import { parseFile } from '../../server/src/engine/parse';

describe('parseFile', () => {
  it('reads every document of a multi-document file with exact offsets', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n# comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
    const file = parseFile('a.yaml', text);
    const objects = extractObjects(file);
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.name}`),
      ['Service/a', 'ConfigMap/b'],
    );
    assert.equal(file.lines.position(objects[1].node.range![0]).line, 6);
  });

  it('treats each item of a List as an object', () => {
    const file = parseFile(
      'list.yaml',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n',
    );
    const objects = extractObjects(file);
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.name}/${o.path}`),
      ['Service/s/items[0]', 'Deployment/d/items[1]'],
    );
  });

  it('strips a byte-order mark and keeps CRLF positions exact', () => {
    const file = parseFile('crlf.yaml', '\uFEFFapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n');
    assert.equal(file.bom, true);
    assert.equal(file.lineEnding, '\r\n');
    const [pod] = extractObjects(file);
    assert.equal(pod.name, 'p');
    assert.deepEqual(file.lines.position(file.text.indexOf('name')), { line: 3, character: 2 });
  });

  it('reads JSON manifests', () => {
    const file = parseFile(
      'svc.json',
      '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}',
    );
    assert.equal(file.json, true);
    assert.equal(extractObjects(file)[0].name, 'web');
  });

  it('reports a syntax error once at its position and still reads the other documents', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: also-ok\n';
    const file = parseFile('x.yaml', text);
    const syntax = file.problems.filter((p) => p.kind === 'syntax');
    assert.equal(syntax.length, 1);
    assert.ok(syntax[0].span);
    assert.ok(file.lines.position(syntax[0].span[0]).line >= 8);
    assert.deepEqual(
      extractObjects(file).map((o) => o.name),
      ['ok', 'also-ok'],
    );
  });

  it('ignores YAML that is not a Kubernetes object silently', () => {
    const file = parseFile('ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n');
    assert.equal(extractObjects(file).length, 0);
    assert.equal(file.problems.length, 0);
  });

  it('does not judge the syntax of JSON-with-comments settings files', () => {
    const file = parseFile('tsconfig.json', '{\n  // comment\n  "compilerOptions": {}\n}\n');
    assert.equal(file.problems.length, 0);
    assert.equal(extractObjects(file).length, 0);
  });

  it('reports wrong types where objects are expected, at their position', () => {
    const file = parseFile(
      'bad.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: 7\nspec:\n  containers: "nginx"\n',
    );
    const messages = file.problems.map((p) => `${file.lines.position(p.span![0]).line + 1}: ${p.message}`);
    extractObjects(file);
    const all = file.problems.map((p) => `${file.lines.position(p.span![0]).line + 1}: ${p.message}`);
    assert.deepEqual(messages, []);
    assert.deepEqual(all, [
      '3: metadata should be a mapping, found 7',
      '5: spec.containers should be a list of containers, found the string "nginx"',
    ]);
  });

  describe('template syntax', () => {
    it('skips files in a chart templates/ directory with a reason', () => {
      const file = parseFile(
        'chart/templates/deploy.yaml',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      );
      assert.match(file.skipped ?? '', /Helm chart template/);
      assert.equal(file.documents.length, 0);
    });

    it('skips Helm actions anywhere', () => {
      const file = parseFile(
        'deploy.yaml',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "{{ .Values.name }}"\n',
      );
      assert.match(file.skipped ?? '', /Helm template syntax/);
    });

    it('skips unquoted placeholders that stand for values', () => {
      const file = parseFile(
        'rc.yaml',
        'apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: etcd-{{cell}}\nspec:\n  replicas: {{replicas}}\n',
      );
      assert.match(file.skipped ?? '', /template/);
    });

    it('analyses files whose braces sit inside block scalars (ConfigMap data)', () => {
      const file = parseFile(
        'cm.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  config: |\n    project: {{PROJECT_ID}}\n',
      );
      assert.equal(file.skipped, undefined);
      assert.equal(extractObjects(file).length, 1);
    });
  });

  it('never expands an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${lines.join('\n  ')}\n`;
    const started = Date.now();
    const file = parseFile('bomb.yaml', text);
    const [object] = extractObjects(file);
    assert.equal(object.name, 'bomb');
    assert.ok(Date.now() - started < 5000);
  });
});

describe('reading values', () => {
  it('reads plain YAML 1.1 booleans as Kubernetes does, but not quoted strings', () => {
    const file = parseFile(
      'b.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {a: yes, b: On, c: "yes", d: false, e: n}\n',
    );
    const spec = get(extractObjects(file)[0].node, 'spec');
    assert.deepEqual(
      ['a', 'b', 'c', 'd', 'e'].map((key) => bool(get(spec, key))),
      [true, true, undefined, false, false],
    );
  });
});

describe('template detection keeps rendered manifests', () => {
  it('analyses alert texts and Alertmanager templates inside strings and block scalars', () => {
    const rendered = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: rules
spec:
  groups:
    - name: up
      rules:
        - alert: InstanceDown
          annotations:
            summary: "Instance {{ $labels.instance }} down"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: alertmanager
data:
  config.yml: |
    receivers:
      - name: slack
        slack_configs:
          - title: '{{ template "slack.default.title" . }}'
            text: "{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}"
---
# {{ .Values.note }} in a comment is not a template either
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest
`;
    const file = parseFile('rendered.yaml', rendered);
    assert.equal(file.skipped, undefined);
    assert.deepEqual(
      extractObjects(file).map((o) => o.kind),
      ['PrometheusRule', 'ConfigMap', 'Deployment'],
    );
  });

  it('still skips template actions that stand for structure, and Helm values anywhere outside block scalars', () => {
    assert.match(
      parseFile(
        'a.yaml',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    {{- include "labels" . }}\n',
      ).skipped ?? '',
      /template/,
    );
    assert.match(
      parseFile(
        'b.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n    - name: c\n      image: "{{ .Values.image }}"\n',
      ).skipped ?? '',
      /Helm/,
    );
  });

  it('analyses a PrometheusRule whose alert texts hold template actions in plain scalars (kube-prometheus)', () => {
    // Generated rule files write most alert texts as plain scalars; `{{ $labels… }}`, `{{ with }}`,
    // `{{ range }}` and `{{ if }}` inside them are Prometheus templating, not structure.
    const rules = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  labels:
    app.kubernetes.io/name: kube-prometheus
    prometheus: k8s
    role: alert-rules
  name: node-exporter-rules
  namespace: monitoring
spec:
  groups:
  - name: node-exporter
    rules:
    - alert: NodeFilesystemAlmostFull
      annotations:
        description: Filesystem on {{ $labels.device }}, mounted on {{ $labels.mountpoint }}, at {{ $labels.instance }} has only {{ printf "%.2f" $value }}% available space left.
        runbook_url: https://runbooks.example.com/node/nodefilesystemalmostfull
        summary: Filesystem has less than 5% space left.
      expr: |
        node_filesystem_avail_bytes{job="node-exporter",fstype!=""} / node_filesystem_size_bytes < 5
      for: 30m
      labels:
        severity: warning
    - alert: NodeHighLoad
      annotations:
        description: Load on {{ $labels.instance }} is {{ with query "node_load1" }}{{ . | first | value | humanize }}{{ end }} {{ if gt $value 2.0 }}and rising{{ else }}steady{{ end }}.
        summary: '{{ range $i, $v := $labels }}{{ $i }}={{ $v }} {{ end }}'
      expr: node_load1 > 4
`;
    const file = parseFile('manifests/nodeExporter-prometheusRule.yaml', rules);
    assert.equal(file.skipped, undefined);
    assert.deepEqual(
      extractObjects(file).map((o) => `${o.kind} ${o.namespace}/${o.name}`),
      ['PrometheusRule monitoring/node-exporter-rules'],
    );
  });

  it('analyses Argo Workflows parameters, quoted or plain, even in a templates/ folder of no chart', () => {
    const workflow = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: greet
spec:
  entrypoint: greet
  arguments:
    parameters:
      - name: who
        value: world
  templates:
    - name: greet
      inputs:
        parameters:
          - name: who
      container:
        image: alpine:3.19
        command: [sh, -c]
        args: ["echo hello {{inputs.parameters.who}} from {{workflow.name}}"]
        env:
          - name: GREETING
            value: hello {{inputs.parameters.who}}
`;
    for (const path of ['workflows/greet.yaml', 'argo/templates/greet.yaml']) {
      const file = parseFile(path, workflow);
      assert.equal(file.skipped, undefined, path);
      assert.equal(extractObjects(file)[0]?.kind, 'WorkflowTemplate', path);
    }
    // A templates/ folder is a Helm chart's only if the workspace has its Chart.yaml: the file says where.
    assert.deepEqual(parseFile('argo/templates/greet.yaml', workflow).chartFolders, ['argo']);
    assert.equal(parseFile('workflows/greet.yaml', workflow).chartFolders, undefined);
  });

  it('a syntax error elsewhere does not turn alert texts into a template: the error is reported', () => {
    const text = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: rules
spec:
  groups:
    - name: up
      rules:
        - alert: Down
          annotations:
            summary: "{{ $labels.instance }} is down"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: [broken
`;
    const file = parseFile('rules.yaml', text);
    assert.equal(file.skipped, undefined);
    assert.equal(file.problems.filter((problem) => problem.kind === 'syntax').length, 1);
    assert.deepEqual(
      extractObjects(file).map((o) => o.kind),
      ['PrometheusRule'],
    );
  });

  it('placeholders that parse as YAML structure are still template sources, with a reason', () => {
    const structure = parseFile(
      'svc.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: {{ port }}\n',
    );
    assert.match(structure.skipped ?? '', /template actions \(\{\{ \}\}\) in the YAML structure/);
    const helm = parseFile('values-in-structure.yaml', 'x: {{ .Values.x }}\n');
    assert.match(helm.skipped ?? '', /^Helm template syntax/);
    const chart = parseFile(
      'chart/templates/cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
    );
    assert.match(chart.skipped ?? '', /^Helm chart template/);
  });

  it('judges long runs of braces in linear time', () => {
    const runs = [
      `"${'{{'.repeat(200_000)}"`,
      `"${'{{ .x '.repeat(100_000)}"`,
      `"${'{{ x }}'.repeat(100_000)} {{ .Values.x"`,
    ];
    for (const run of runs) {
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: braces\ndata:\n  a: ${run}\n`;
      const started = Date.now();
      const file = parseFile('braces.yaml', text);
      assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
      assert.ok(file.skipped === undefined || /Helm/.test(file.skipped));
    }
  });

  it('a chart template with braces only in comments is analysed', () => {
    const file = parseFile(
      'chart/templates/plain.yaml',
      '# rendered with {{ .Values.x }} in mind\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n',
    );
    assert.equal(file.skipped, undefined);
  });
});

describe('aliases', () => {
  it('an alias to an anchor not defined before it (or only in another document) is a syntax problem at the alias', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &common\n    app: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: *common\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n';
    const file = parseFile('alias.yaml', text);
    assert.equal(file.problems.length, 1);
    assert.equal(file.problems[0].kind, 'syntax');
    assert.match(
      file.problems[0].message,
      /the alias \*common names no anchor defined before it in this document/,
    );
    assert.equal(file.lines.position(file.problems[0].span![0]).line, 11);
    // Defined before it in the same document: fine.
    assert.deepEqual(
      parseFile(
        'ok.yaml',
        text.replace('---\n', '').replace(/^apiVersion: v1\nkind: Pod\n/m, ''),
      ).problems.filter((p) => p.message.includes('alias')),
      [],
    );
  });
});
