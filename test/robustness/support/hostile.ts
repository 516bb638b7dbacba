/**
 * The hostile and broken inputs of issue 6, generated (never stored in the repository), each beside an
 * ordinary manifest whose finding must still be reported. Shared by the CLI and the server tests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The ordinary manifest: `image-tag-missing` at line 14, column 11 (1-based), container "web". */
export const ORDINARY_NAME = 'ordinary.yaml';
export const ORDINARY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ordinary
spec:
  selector:
    matchLabels: {app: ordinary}
  template:
    metadata:
      labels: {app: ordinary}
    spec:
      containers:
        - name: web
          image: nginx
`;
export const ORDINARY_FINDING = { control: 'image-tag-missing', line: 14, column: 11 };

/**
 * What must be reported about the hostile file:
 *   problem  — a file problem naming it (with line and column when `position`);
 *   skipped  — listed as skipped, with the reason;
 *   reported — a problem or a skip naming it;
 *   quiet    — no problem and no finding (not a Kubernetes object, or nothing in it);
 *   analyzed — read as objects, no problem (findings are fine);
 *   bounded  — valid YAML that must only be handled in bounded time and memory, whatever is reported.
 */
export type Expectation = 'problem' | 'skipped' | 'reported' | 'quiet' | 'analyzed' | 'bounded';

export interface HostileCase {
  name: string;
  /** Path of the hostile file in the workspace (may include directories). */
  file: string;
  content: () => string | Buffer;
  expect: Expectation;
  /** The problem must carry a position (line and column). */
  position?: boolean;
  /** What the message (problem or skip reason) must say. */
  message?: RegExp;
  /** Heavy cases (seconds): left out of the combined runs. */
  heavy?: boolean;
  /**
   * The expectation when the file is open in the editor (the server analyses open documents as the editor
   * decoded them, whatever their size): default `expect`.
   */
  serverExpect?: Expectation;
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hostile\n';

/** "Billion laughs": ten levels of ten aliases, 10^9 leaves when expanded. */
function aliasBomb(): string {
  let text = `${CONFIG_MAP}data:\n  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  for (let level = 1; level < 10; level++)
    text += `  a${level}: &a${level} [${Array(10)
      .fill(`*a${level - 1}`)
      .join(',')}]\n`;
  return text;
}

/** An alias bomb where a workload reads: containers, env, probes and labels through exploding aliases. */
function workloadAliasBomb(): string {
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: bomb',
    '  labels: &l0 {a: b}',
    'spec:',
    '  selector: {matchLabels: *l0}',
    '  template:',
    '    metadata: {labels: *l0}',
    '    spec:',
    '      x0: &p0 {httpGet: {path: /, port: 80}}',
  ];
  for (let level = 1; level < 10; level++)
    lines.push(
      `      x${level}: &p${level} {${Array.from({ length: 10 }, (_, i) => `k${i}: *p${level - 1}`).join(', ')}}`,
    );
  lines.push('      e0: &e0 {name: A, value: b}');
  for (let level = 1; level < 10; level++)
    lines.push(
      `      e${level}: &e${level} [${Array(10)
        .fill(`*e${level - 1}`)
        .join(', ')}]`,
    );
  lines.push(
    '      containers: &c',
    '        - &one',
    '          name: web',
    '          image: "nginx:1.25"',
    '          env: *e9',
    '          livenessProbe: *p9',
    '          readinessProbe: *p9',
    '          resources: {limits: *p9, requests: *p9}',
    '          securityContext: *p9',
    '        - *one',
    '        - *one',
    '      initContainers: *c',
    '      volumes: *e9',
    '      affinity: *p9',
    '      tolerations: *e9',
  );
  return `${lines.join('\n')}\n`;
}

function randomBytes(length: number, seed: number, withNul: boolean): Buffer {
  const buffer = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const byte = (state >> 16) & 0xff;
    buffer[i] = withNul ? byte : byte === 0 ? 0xfe : byte;
  }
  return buffer;
}

function manyDocuments(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++)
    parts.push(`---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n`);
  return parts.join('');
}

const PNG_HEADER = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

export const DEEP = 20_000;

export const HOSTILE_CASES: HostileCase[] = [
  { name: 'alias bomb ("billion laughs")', file: 'alias-bomb.yaml', content: aliasBomb, expect: 'bounded' },
  {
    name: 'alias bomb read by every workload control',
    file: 'alias-bomb-workload.yaml',
    content: workloadAliasBomb,
    expect: 'bounded',
  },
  {
    name: `${DEEP}-deep flow sequences in a manifest`,
    file: 'deep-flow-seq.yaml',
    content: () => `${CONFIG_MAP}data: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`,
    expect: 'problem',
    position: true,
  },
  {
    name: `${DEEP}-deep flow mappings in a manifest`,
    file: 'deep-flow-map.yaml',
    content: () => `${CONFIG_MAP}data: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`,
    expect: 'problem',
    position: true,
  },
  {
    name: `${DEEP}-deep block sequences ("- - - …") in a manifest`,
    file: 'deep-block-seq.yaml',
    content: () => `${CONFIG_MAP}data:\n  - ${'- '.repeat(DEEP)}x\n`,
    expect: 'problem',
    position: true,
  },
  {
    name: `${DEEP}-deep nesting in a workload's pod spec`,
    file: 'deep-workload.yaml',
    content: () =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  containers:\n    - name: a\n      image: a:1\n      env: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`,
    expect: 'problem',
    position: true,
  },
  {
    name: `${DEEP}-deep nesting in YAML that is not a manifest`,
    file: 'deep-data.yaml',
    content: () => `${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`,
    expect: 'quiet',
  },
  {
    name: 'a file of 60,000 documents',
    file: 'sixty-thousand.yaml',
    content: () => manyDocuments(60_000),
    expect: 'analyzed',
    heavy: true,
  },
  {
    name: 'a file of 60,000 empty documents',
    file: 'empty-documents.yaml',
    content: () => '---\n'.repeat(60_000),
    expect: 'quiet',
  },
  {
    name: 'binary data named .yaml (random bytes with NUL)',
    file: 'random.yaml',
    serverExpect: 'bounded',
    content: () => randomBytes(100_000, 7, true),
    expect: 'reported',
    message: /binary|UTF-8/i,
  },
  {
    name: 'binary data named .yaml (a PNG image)',
    file: 'image.yaml',
    serverExpect: 'bounded',
    content: () => Buffer.concat([PNG_HEADER, randomBytes(20_000, 11, true)]),
    expect: 'reported',
    message: /binary|UTF-8/i,
  },
  {
    name: 'binary data named .yaml with no NUL byte',
    file: 'no-nul.yaml',
    serverExpect: 'bounded',
    content: () => randomBytes(100_000, 13, false),
    expect: 'reported',
    message: /binary|UTF-8/i,
  },
  {
    name: 'a manifest with a NUL byte after the first 512 bytes',
    file: 'late-nul.yaml',
    content: () =>
      Buffer.concat([
        Buffer.from(
          `${CONFIG_MAP}data:\n${Array.from({ length: 40 }, (_, i) => `  key${i}: value-${i}\n`).join('')}  tail: "a`,
        ),
        Buffer.from([0]),
        Buffer.from('b"\n'),
      ]),
    expect: 'bounded',
  },
  {
    name: 'invalid UTF-8 in a manifest',
    file: 'invalid-utf8.yaml',
    serverExpect: 'bounded',
    content: () =>
      Buffer.concat([
        Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad # caf'),
        Buffer.from([0xe9, 0xff]),
        Buffer.from('\ndata: {}\n'),
      ]),
    expect: 'reported',
    position: true,
    message: /UTF-8/,
  },
  {
    name: 'a UTF-16 manifest (byte-order mark FF FE)',
    file: 'utf16.yaml',
    serverExpect: 'bounded',
    content: () =>
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(ORDINARY.replace(/ordinary/g, 'utf16'), 'utf16le'),
      ]),
    expect: 'reported',
  },
  {
    name: 'a 5 MB single line (over the default maximum size)',
    file: 'long-line.yaml',
    serverExpect: 'bounded',
    content: () =>
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"line"},"data":{"k":"${'a'.repeat(5 * 1024 * 1024)}"}}`,
    expect: 'skipped',
    message: /size|large/i,
  },
  {
    name: 'tabs as indentation',
    file: 'tabs.yaml',
    content: () =>
      'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed\nspec:\n\tcontainers:\n\t- name: a\n',
    expect: 'problem',
    position: true,
    message: /tab/i,
  },
  {
    name: 'duplicate keys',
    file: 'duplicate-keys.yaml',
    content: () => 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\nspec:\n  containers: []\n',
    expect: 'problem',
    position: true,
    message: /unique|duplicate/i,
  },
  {
    name: '!!binary, custom tags and << merge keys',
    file: 'tags-merge.yaml',
    content: () =>
      // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the hostile input
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  key: !!binary aGVsbG8=\n  ref: !Ref Something\n  sub: !Sub "${AWS::Region}"\n  set: !!set {a, b}\n  omap: !!omap [a: 1]\n  ts: !!timestamp 2001-12-14\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: merged}\nx-base: &base\n  image: "nginx:1.25"\n  securityContext: &sc\n    runAsNonRoot: true\nspec:\n  containers:\n    - <<: *base\n      name: a\n    - <<: [*base, {name: b}]\n      securityContext:\n        <<: *sc\n        privileged: true\n',
    expect: 'analyzed',
  },
  {
    name: 'a Helm chart template',
    file: 'chart/templates/deployment.yaml',
    content: () =>
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n  template:\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          {{- toYaml .Values.resources | nindent 12 }}\n',
    expect: 'skipped',
    message: /Helm|template/i,
  },
  {
    name: 'Helm syntax outside a chart',
    file: 'helm-values.yaml',
    content: () =>
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: {{ .Values.a | quote }}\n',
    expect: 'skipped',
    message: /template/i,
  },
  {
    name: 'Jinja template syntax',
    file: 'jinja.yaml',
    serverExpect: 'bounded',
    content: () =>
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ name }}\n{% if x %}\ndata:\n  a: b\n{% endif %}\n',
    expect: 'reported',
  },
  {
    name: 'envsubst and ERB placeholders',
    file: 'placeholders.yaml',
    content: () =>
      // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the hostile input
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${NAME}\nspec:\n  containers:\n    - name: <%= name %>\n      image: ${IMAGE}:$TAG\n',
    expect: 'bounded',
  },
  {
    name: 'a GitHub Actions workflow',
    file: '.github/workflows/ci.yml',
    content: () =>
      'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n        env:\n          KIND: cluster\n',
    expect: 'quiet',
  },
  {
    name: 'a docker-compose file',
    file: 'docker-compose.yml',
    content: () =>
      'version: "3.9"\nservices:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    privileged: true\n',
    expect: 'quiet',
  },
  {
    name: 'application configuration (YAML)',
    file: 'config/app.yaml',
    content: () => 'server:\n  port: 8080\n  kind: http\ndatabase:\n  url: postgres://db\n  apiVersion: 3\n',
    expect: 'quiet',
  },
  {
    name: 'application configuration (JSON with comments, package.json)',
    file: 'tsconfig.json',
    content: () => '{\n  // comment\n  "compilerOptions": {"strict": true,},\n}\n',
    expect: 'quiet',
  },
  {
    name: 'package.json',
    file: 'package.json',
    content: () => '{"name": "app", "version": "1.0.0", "scripts": {"postinstall": "touch pwned"}}\n',
    expect: 'quiet',
  },
  {
    name: 'broken YAML that is not a manifest',
    file: 'broken-data.yaml',
    content: () => 'a: [\nb: }\n\t- c\n',
    expect: 'quiet',
  },
  { name: 'an empty file', file: 'empty.yaml', content: () => '', expect: 'quiet' },
  {
    name: 'a comment-only file',
    file: 'comments.yaml',
    content: () => '# nothing here\n# really\n',
    expect: 'quiet',
  },
  {
    name: 'white space and a byte-order mark only',
    file: 'blank.yaml',
    content: () => '\uFEFF \n\n   \n',
    expect: 'quiet',
  },
  {
    name: 'scalar and list documents',
    file: 'scalars.yaml',
    content: () => 'hello\n---\n42\n---\n- a\n- b\n---\nnull\n---\n~\n---\n"quoted"\n---\n|\n  block\n---\n',
    expect: 'quiet',
  },
  {
    name: 'containers: "nginx" (a string where a list belongs)',
    file: 'wrong-containers.yaml',
    content: () =>
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: wrong\nspec:\n  template:\n    spec:\n      containers: "nginx"\n',
    expect: 'problem',
    position: true,
    message: /containers/,
  },
  {
    name: 'metadata: 7 (a number where a mapping belongs)',
    file: 'wrong-metadata.yaml',
    content: () =>
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: 7\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n',
    expect: 'problem',
    position: true,
    message: /metadata/,
  },
  {
    name: 'metadata: "web" on a Service (a string where a mapping belongs)',
    file: 'wrong-metadata-string.yaml',
    content: () => 'apiVersion: v1\nkind: Service\nmetadata: "web"\nspec:\n  selector: {app: web}\n',
    expect: 'problem',
    position: true,
    message: /metadata/,
  },
  {
    name: 'container fields of the wrong types',
    file: 'wrong-fields.yaml',
    content: () =>
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: "x", annotations: [1]}\nspec:\n  hostNetwork: "yes please"\n  securityContext: [runAsNonRoot]\n  containers:\n    - name: [a]\n      image: 5\n      imagePullPolicy: {always: true}\n      env: 5\n      ports: "80"\n      resources: lots\n      securityContext: true\n      livenessProbe: 3\n      readinessProbe: [httpGet]\n      volumeMounts: {a: b}\n    - "just a string"\n    - 7\n    - null\n',
    expect: 'bounded',
  },
  {
    name: 'spec, template and pod spec of the wrong types',
    file: 'wrong-spec.yaml',
    content: () =>
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: []\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: b}\nspec:\n  template: "pod"\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: 42\n---\napiVersion: v1\nkind: List\nitems: {a: b}\n---\napiVersion: v1\nkind: List\nitems: [1, "two", [3], {kind: Pod}]\n',
    expect: 'bounded',
  },
  {
    name: 'apiVersion and kind of the wrong types',
    file: 'wrong-kind.yaml',
    content: () =>
      'apiVersion: [v1]\nkind: {a: b}\n---\napiVersion: 1\nkind: 2\nmetadata: {name: n}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: [x]}\nspec: {selector: "app=web", ports: 80}\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: "web", minReplicas: "one", maxReplicas: [2]}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {selector: 5, minAvailable: {a: 1}}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules: "all"\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {rules: 7, tls: "yes"}\n',
    expect: 'bounded',
  },
];

/** A fresh workspace in the temp directory with the ordinary manifest and the given hostile cases. */
export function hostileWorkspace(cases: readonly HostileCase[], prefix = 'kube-maturity-hostile-'): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(directory, ORDINARY_NAME), ORDINARY);
  for (const hostile of cases) {
    const path = join(directory, hostile.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, hostile.content());
  }
  return directory;
}
