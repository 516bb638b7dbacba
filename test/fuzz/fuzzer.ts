/**
 * The fuzzer (issue 6): property-based (fast-check) over mutated documents of real repositories (the
 * project's fixtures, or the real-world corpus in the corpus suite and `npm run fuzz -- --corpus`), generated
 * Kubernetes-like objects with values of any type, and random YAML-ish text. For every case:
 *   - the engine never throws, and no control fails (a control that throws is a bug the engine only hides);
 *   - every range (findings and problems) lies inside its file, a finding's inside one document;
 *   - every fix's result parses, into as many documents (plus appended ones), keeps every other document
 *     byte-identical, every comment, the quoting of a replaced value and the line endings.
 * Used by fuzz.test.ts (bounded, in CI) and run.ts (`npm run fuzz`, long); a failure prints the seed, the
 * path to replay it and the shrunk case, ready to paste into regressions.ts.
 */
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseAllDocuments, stringify, visit } from 'yaml';
import { FIXTURE_REPOS, PROJECT_ROOT } from '../support/paths';
import {
  analyzeSafely,
  checkAllFixTexts,
  checkRanges,
  readTree,
  type SourceText,
  summarizeViolations,
  type Violation,
} from './invariants';

export interface FuzzCase {
  /** How the case was made, for the report. */
  origin: string;
  sources: SourceText[];
}

/** Checks one case; returns every violation (empty when all properties hold). */
/** One case, analysed with every fix checked, takes at most this long (the shapes above are small). */
export const CASE_BOUND_MS = 10_000;

export function checkCase(fuzzCase: FuzzCase): { violations: Violation[]; fixes: number } {
  const started = performance.now();
  const { analysis, violations } = analyzeSafely(fuzzCase.sources);
  if (!analysis) return { violations, fixes: 0 };
  violations.push(...checkRanges(analysis));
  const fixes = checkAllFixTexts(analysis);
  violations.push(...fixes.violations);
  const ms = performance.now() - started;
  if (ms > CASE_BOUND_MS)
    violations.push({
      property: 'slow',
      detail: `${Math.round(ms)} ms for one case (bound ${CASE_BOUND_MS} ms)`,
    });
  return { violations, fixes: fixes.fixes };
}

// ---------------------------------------------------------------------------------------------------------
// Seeds: the documents of real repositories, one by one (so that each case stays small and fast), and whole
// small files (so that multi-document structure, comments between documents and JSON files are kept).

/** The project's own repositories: the test fixtures and the sample workspace. */
export const PROJECT_SEED_FOLDERS = [FIXTURE_REPOS, `${PROJECT_ROOT}/examples`];

const seedCache = new Map<string, SourceText[]>();

export function seedsFrom(folders: readonly string[] = PROJECT_SEED_FOLDERS): SourceText[] {
  const key = folders.join('\0');
  const cached = seedCache.get(key);
  if (cached) return cached;
  const seeds: SourceText[] = [];
  for (const folder of folders) {
    for (const source of readTree(folder)) {
      const relative = source.path.slice(folder.length + 1);
      if (source.text.length <= 6000) seeds.push({ path: relative, text: source.text });
      if (/\.json$/i.test(source.path)) continue;
      const parts = source.text.split(/^---[^\n]*\n/m).filter((part) => part.trim() !== '');
      if (parts.length < 2) continue;
      for (const part of parts) if (part.length <= 6000) seeds.push({ path: relative, text: part });
    }
  }
  seedCache.set(key, seeds);
  return seeds;
}

/** Values written where a node was: wrong types, odd scalars, tags, aliases, templates, long text. */
export const REPLACEMENTS = [
  '7',
  '-1',
  '3.5',
  '1e400',
  '0x1F',
  'true',
  'null',
  '~',
  '""',
  '"nginx"',
  "'x'",
  '[]',
  '{}',
  '[a, 1]',
  '{a: 1}',
  '[{name: x}]',
  '{name: [a]}',
  '[[[]]]',
  '!!binary aGVsbG8=',
  '!Ref x',
  '!!str 5',
  '!!map {}',
  '*undefinedAlias',
  '&anchor value',
  '"{{ .Values.x }}"',
  '{{ x }}',
  '"é😀\u2028x"',
  '|\n  block\n',
  '>-\n  folded\n',
  'x'.repeat(300),
  '- a\n- b',
  'a: b',
  '<<: {a: 1}',
  '? complex\n: key',
  '2001-12-14',
  '.inf',
  '.nan',
  '"\\u0000"',
  '',
  'yes',
  'on',
];

/** Text inserted at a random place. */
export const SNIPPETS = [
  '\n---\n',
  '# comment\n',
  ' # trailing',
  '\t',
  '\r\n',
  '\uFEFF',
  '&a ',
  '*a',
  '<<: *a\n',
  '{{ .Values.x }}',
  '{{- if .Values.y }}\n',
  '{% if x %}\n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the hostile input
  '${VAR}',
  'kind: Pod\n',
  'apiVersion: v1\n',
  '  containers: "nginx"\n',
  'metadata: 7\n',
  '- ',
  ': ',
  '? ',
  '!!binary ',
  '!tag ',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '|',
  '>',
  '%YAML 1.2\n---\n',
  '...\n',
  '\n',
  '  ',
  'name: dup\n',
  '# kube-maturity-ignore run-as-root: reason\n',
  'annotations: {kube-maturity.io/ignore: "*"}\n',
];

type Op =
  | { op: 'replaceNode'; which: number; replacement: string }
  | { op: 'deleteSpan'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicateLine'; line: number }
  | { op: 'reindentLine'; line: number; delta: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'crlf' }
  | { op: 'bom' }
  | { op: 'dropFinalNewline' }
  | { op: 'anchorAlias'; from: number; to: number }
  | { op: 'loneCr'; every: number }
  | { op: 'longRun'; at: number; char: string; length: number }
  | { op: 'manyDocuments'; copies: number }
  | { op: 'mergeChain'; depth: number };

const yamlChar = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyz0123456789 \n\t:-[]{},#&*!|>\'"%@`?.~/_=\\'.split(''),
);

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('replaceNode' as const),
      which: fc.nat(),
      replacement: fc.constantFrom(...REPLACEMENTS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('deleteSpan' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 80 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ unit: yamlChar, maxLength: 12 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), line: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('reindentLine' as const),
      line: fc.nat(),
      delta: fc.integer({ min: -4, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'bom' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'dropFinalNewline' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('anchorAlias' as const), from: fc.nat(), to: fc.nat() }),
  },
  // Shapes that once made the engine super-linear (issue 10).
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('loneCr' as const), every: fc.integer({ min: 1, max: 5 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('longRun' as const),
      at: fc.nat(),
      char: fc.constantFrom('{', '}', '#', '*', ' ', '"', "'", '-', ':', '\\', '<'),
      length: fc.integer({ min: 200, max: 5000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('manyDocuments' as const),
      copies: fc.integer({ min: 2, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('mergeChain' as const), depth: fc.integer({ min: 2, max: 30 }) }),
  },
);

/** Source ranges of the nodes of a text (scalars, mappings, sequences), in document order. */
function nodeRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  try {
    for (const doc of parseAllDocuments(text, { keepSourceTokens: false })) {
      if (!('contents' in doc)) continue;
      visit(doc, {
        Node(_key, node) {
          if ((isScalar(node) || isMap(node) || isSeq(node)) && node.range)
            ranges.push([node.range[0], node.range[1]]);
        },
      });
    }
  } catch {
    // a text the parser cannot even read: no node to replace
  }
  return ranges;
}

/** Map nodes (block or flow) with their ranges, for anchor/alias mutations. */
function mapRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  try {
    for (const doc of parseAllDocuments(text)) {
      if (!('contents' in doc)) continue;
      visit(doc, {
        Map(_key, node) {
          if (node.range && !node.flow) ranges.push([node.range[0], node.range[1]]);
        },
        Seq(_key, node) {
          if (node.range && !node.flow) ranges.push([node.range[0], node.range[1]]);
        },
      });
    }
  } catch {
    // no map
  }
  return ranges;
}

export function applyOp(text: string, op: Op): string {
  const lines = () => text.split('\n');
  switch (op.op) {
    case 'replaceNode': {
      const ranges = nodeRanges(text);
      if (ranges.length === 0) return text;
      const [start, end] = ranges[op.which % ranges.length];
      return text.slice(0, start) + op.replacement + text.slice(end);
    }
    case 'deleteSpan': {
      if (text.length === 0) return text;
      const at = op.at % text.length;
      return text.slice(0, at) + text.slice(at + op.length);
    }
    case 'insert': {
      const at = op.at % (text.length + 1);
      return text.slice(0, at) + op.text + text.slice(at);
    }
    case 'duplicateLine': {
      const all = lines();
      const line = op.line % all.length;
      all.splice(line, 0, all[line]);
      return all.join('\n');
    }
    case 'reindentLine': {
      const all = lines();
      const line = op.line % all.length;
      all[line] =
        op.delta >= 0
          ? ' '.repeat(op.delta) + all[line]
          : all[line].replace(new RegExp(`^ {0,${-op.delta}}`), '');
      return all.join('\n');
    }
    case 'swapLines': {
      const all = lines();
      const a = op.a % all.length;
      const b = op.b % all.length;
      [all[a], all[b]] = [all[b], all[a]];
      return all.join('\n');
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'bom':
      return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
    case 'dropFinalNewline':
      return text.replace(/\r?\n+$/, '');
    case 'loneCr': {
      // Every n-th line break becomes a lone CR.
      let count = 0;
      return text.replace(/\n/g, (lineBreak) => (++count % op.every === 0 ? '\r' : lineBreak));
    }
    case 'longRun': {
      const at = op.at % (text.length + 1);
      return text.slice(0, at) + op.char.repeat(op.length) + text.slice(at);
    }
    case 'manyDocuments':
      return Array.from({ length: op.copies }, () => text).join('\n---\n');
    case 'mergeChain': {
      // Each anchor merges the previous one twice: the expansion doubles at every level.
      const chain = ['m0: &m0 {a: 1, b: 2}'];
      for (let level = 1; level <= op.depth; level++)
        chain.push(`m${level}: &m${level} {<<: [*m${level - 1}, *m${level - 1}], k${level}: ${level}}`);
      return `${text.replace(/\s*$/, '')}\nfuzzMerges:\n${chain.map((line) => `  ${line}`).join('\n')}\n`;
    }
    case 'anchorAlias': {
      // Anchors a block collection and puts an alias to it in place of another one: shared structure, the
      // way real manifests use YAML anchors.
      const ranges = mapRanges(text);
      if (ranges.length < 2) return text;
      const source = ranges[op.from % ranges.length];
      const target = ranges[op.to % ranges.length];
      if (source[0] === target[0] || !(source[1] <= target[0])) return text;
      const withAlias = `${text.slice(0, target[0])}*fz\n${text.slice(target[1])}`;
      // The anchor goes on its own line before the collection's first line, at that line's indentation.
      const lineStart = withAlias.lastIndexOf('\n', source[0] - 1) + 1;
      const indent = withAlias.slice(lineStart, source[0]);
      if (!/^[ -]*$/.test(indent)) return text;
      return `${withAlias.slice(0, source[0])}&fz\n${' '.repeat(indent.length)}${withAlias.slice(source[0])}`;
    }
  }
}

/** A corpus document (or small file) with one to four mutations. */
export function mutationArbitrary(seeds: readonly SourceText[]): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      seed: fc.nat({ max: seeds.length - 1 }),
      ops: fc.array(opArbitrary, { minLength: 1, maxLength: 4 }),
    })
    .map(({ seed, ops }) => {
      const source = seeds[seed];
      let text = source.text;
      for (const op of ops) text = applyOp(text, op);
      return {
        origin: `mutation of ${source.path} by ${ops.map((op) => op.op).join(', ')}`,
        sources: [{ path: source.path.replace(/^.*\//, ''), text }],
      };
    });
}

// ---------------------------------------------------------------------------------------------------------
// Generated Kubernetes-like objects: the right keys, values of any type (right or wrong), rendered in block,
// flow or JSON style.

const KINDS: Array<[string, string]> = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['v1', 'Pod'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['v1', 'Service'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'Namespace'],
  ['v1', 'ServiceAccount'],
  ['extensions/v1beta1', 'Deployment'],
  ['v1', 'List'],
];

const anyScalar = fc.oneof(
  fc.constantFrom(
    'web',
    'nginx',
    'nginx:1.25',
    'app',
    'ALL',
    'NET_RAW',
    'RuntimeDefault',
    'http',
    '8080',
    'true',
    '',
    'latest',
  ),
  fc.integer({ min: -5, max: 70000 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
);

const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyScalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'name', 'image', 'port', 'x'), tie('value'), { maxKeys: 3 }),
  ),
}));

/** A value that is usually right for the key and sometimes of any other type. */
function field<T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: anyValue });
}

const labels = field(
  fc.dictionary(fc.constantFrom('app', 'app.kubernetes.io/name', 'tier'), fc.constantFrom('web', 'db'), {
    maxKeys: 2,
  }),
);

const securityContext = field(
  fc.record(
    {
      runAsNonRoot: field(fc.boolean()),
      runAsUser: field(fc.integer({ min: 0, max: 2000 })),
      privileged: field(fc.boolean()),
      allowPrivilegeEscalation: field(fc.boolean()),
      readOnlyRootFilesystem: field(fc.boolean()),
      capabilities: field(
        fc.record(
          {
            add: field(fc.array(fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'CHOWN'))),
            drop: field(fc.array(fc.constantFrom('ALL', 'NET_RAW'))),
          },
          { requiredKeys: [] },
        ),
      ),
      seccompProfile: field(fc.record({ type: field(fc.constantFrom('RuntimeDefault', 'Unconfined')) })),
      procMount: field(fc.constantFrom('Default', 'Unmasked')),
    },
    { requiredKeys: [] },
  ),
);

const probe = field(
  fc.record(
    {
      httpGet: field(
        fc.record({
          path: field(fc.constant('/healthz')),
          port: field(fc.oneof(fc.constant('http'), fc.integer({ min: 1, max: 9000 }))),
        }),
      ),
      periodSeconds: field(fc.nat(30)),
    },
    { requiredKeys: [] },
  ),
);

const container = field(
  fc.record(
    {
      name: field(fc.constantFrom('web', 'sidecar', 'web')),
      image: field(fc.constantFrom('nginx', 'nginx:latest', 'nginx:1.25', 'r.io/a@sha256:' + 'a'.repeat(64))),
      imagePullPolicy: field(fc.constantFrom('Always', 'IfNotPresent')),
      ports: field(
        fc.array(
          field(
            fc.record(
              {
                name: field(fc.constantFrom('http', 'ssh')),
                containerPort: field(fc.constantFrom(80, 22, 8080)),
                hostPort: field(fc.constantFrom(80, 8080)),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 2 },
        ),
      ),
      env: field(
        fc.array(
          field(
            fc.record(
              {
                name: field(fc.constantFrom('A', 'PASSWORD', 'A')),
                value: field(fc.constantFrom('x', 'hunter2')),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 3 },
        ),
      ),
      resources: field(
        fc.record(
          {
            requests: field(
              fc.record(
                { cpu: field(fc.constantFrom('100m', 1)), memory: field(fc.constantFrom('128Mi')) },
                { requiredKeys: [] },
              ),
            ),
            limits: field(fc.record({ cpu: field(fc.constant('1')) }, { requiredKeys: [] })),
          },
          { requiredKeys: [] },
        ),
      ),
      securityContext,
      livenessProbe: probe,
      readinessProbe: probe,
      volumeMounts: field(
        fc.array(
          field(
            fc.record({
              name: field(fc.constant('v')),
              mountPath: field(fc.constantFrom('/var/run/docker.sock', '/data')),
            }),
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

const podSpec = field(
  fc.record(
    {
      containers: field(fc.array(container, { maxLength: 3 })),
      initContainers: field(fc.array(container, { maxLength: 1 })),
      hostNetwork: field(fc.boolean()),
      hostPID: field(fc.boolean()),
      serviceAccountName: field(fc.constantFrom('default', 'web')),
      automountServiceAccountToken: field(fc.boolean()),
      securityContext,
      volumes: field(
        fc.array(
          field(
            fc.record(
              {
                name: field(fc.constant('v')),
                hostPath: field(fc.record({ path: field(fc.constantFrom('/', '/var/run/docker.sock')) })),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

const template = field(
  fc.record(
    {
      metadata: field(
        fc.record(
          {
            labels,
            annotations: field(
              fc.dictionary(
                fc.constantFrom('kube-maturity.io/ignore', 'prometheus.io/scrape'),
                fc.constantFrom('*', 'run-as-root', 'true'),
                { maxKeys: 1 },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      spec: podSpec,
    },
    { requiredKeys: [] },
  ),
);

const objectArbitrary = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    name: field(fc.constantFrom('web', 'db', 'web')),
    namespace: fc.option(field(fc.constantFrom('shop', 'kube-system')), { nil: undefined }),
    labels: fc.option(labels, { nil: undefined }),
    replicas: fc.option(field(fc.nat(3)), { nil: undefined }),
    selector: fc.option(field(fc.record({ matchLabels: labels })), { nil: undefined }),
    template,
    podSpec,
    extra: fc.option(
      fc.dictionary(
        fc.constantFrom(
          'data',
          'rules',
          'ports',
          'minAvailable',
          'scaleTargetRef',
          'tls',
          'subjects',
          'roleRef',
        ),
        anyValue,
        { maxKeys: 2 },
      ),
      { nil: undefined },
    ),
    wrongMetadata: fc.option(anyValue, { nil: undefined, freq: 8 }),
  })
  .map(
    ({
      kind: [apiVersion, kind],
      name,
      namespace,
      labels,
      replicas,
      selector,
      template,
      podSpec,
      extra,
      wrongMetadata,
    }) => {
      const metadata: Record<string, unknown> = { name };
      if (namespace !== undefined) metadata.namespace = namespace;
      if (labels !== undefined) metadata.labels = labels;
      const object: Record<string, unknown> = { apiVersion, kind, metadata: wrongMetadata ?? metadata };
      if (kind === 'Pod') object.spec = podSpec;
      else if (kind === 'CronJob')
        object.spec = { schedule: '* * * * *', jobTemplate: { spec: { template } } };
      else if (kind === 'List')
        object.items = [{ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: podSpec }];
      else object.spec = { replicas, selector, template, ...(extra ?? {}) };
      return object;
    },
  );

/** One to three files of generated objects, in YAML (block or flow, with comments) or JSON. */
export function generatedArbitrary(): fc.Arbitrary<FuzzCase> {
  const file = fc.record({
    objects: fc.array(objectArbitrary, { minLength: 1, maxLength: 3 }),
    style: fc.constantFrom('block', 'flow', 'json', 'block-comments', 'block-crlf'),
    indent: fc.constantFrom(2, 4),
  });
  return fc.array(file, { minLength: 1, maxLength: 3 }).map((files) => ({
    origin: 'generated objects',
    sources: files.map(({ objects, style, indent }, index) => {
      if (style === 'json')
        return {
          path: `gen${index}.json`,
          text: `${JSON.stringify(objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects }, null, indent)}\n`,
        };
      let text = objects
        .map((object) =>
          stringify(object, { indent, collectionStyle: style === 'flow' ? 'flow' : 'any', lineWidth: 0 }),
        )
        .join('---\n');
      if (style === 'block-comments')
        text = text.replace(/\n/g, (_m, offset: number) => (offset % 3 === 0 ? ' # note\n' : '\n'));
      if (style === 'block-crlf') text = text.replace(/\n/g, '\r\n');
      return { path: `gen${index}.yaml`, text };
    }),
  }));
}

/** Random YAML-ish text, with or without the keys that make it a manifest. */
export function randomTextArbitrary(): fc.Arbitrary<FuzzCase> {
  const word = fc.oneof(
    fc.string({ unit: yamlChar, maxLength: 20 }),
    fc.constantFrom(
      ...SNIPPETS,
      'apiVersion: v1\n',
      'kind: Deployment\n',
      'spec:\n  template:\n    spec:\n      containers:\n',
      '        - name: a\n          image: b\n',
    ),
  );
  return fc
    .record({ prefix: fc.boolean(), words: fc.array(word, { maxLength: 25 }) })
    .map(({ prefix, words }) => ({
      origin: 'random text',
      sources: [
        {
          path: 'random.yaml',
          text: (prefix ? 'apiVersion: apps/v1\nkind: Deployment\n' : '') + words.join(''),
        },
      ],
    }));
}

export function caseArbitrary(seeds: readonly SourceText[] = seedsFrom()): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 5, arbitrary: mutationArbitrary(seeds) },
    { weight: 3, arbitrary: generatedArbitrary() },
    { weight: 1, arbitrary: randomTextArbitrary() },
  );
}

export interface FuzzRun {
  seed: number;
  numRuns: number;
  /** Cases run (fewer than numRuns when interrupted by the time limit or a failure). */
  ran: number;
  fixesChecked: number;
  failed: boolean;
  interrupted: boolean;
  /** When failed: the path to replay it (fast-check `path`), the shrunk case and what broke. */
  path?: string;
  counterexample?: FuzzCase;
  report?: string;
}

/** Runs the fuzzer; never throws on a property failure (it is returned, with the seed to replay it). */
export function runFuzz(options: {
  seed: number;
  numRuns: number;
  timeLimitMs?: number;
  path?: string;
  /** Documents to mutate (default: the project's own repositories). */
  seeds?: readonly SourceText[];
  /** Violations to look past (known failures), so that a long run keeps looking for new ones. */
  ignore?: (violation: Violation) => boolean;
}): FuzzRun {
  const seeds = options.seeds ?? seedsFrom();
  let ran = 0;
  let fixesChecked = 0;
  const details = fc.check(
    fc.property(caseArbitrary(seeds), (fuzzCase) => {
      ran++;
      const checked = checkCase(fuzzCase);
      fixesChecked += checked.fixes;
      const violations = options.ignore
        ? checked.violations.filter((violation) => !options.ignore!(violation))
        : checked.violations;
      if (violations.length > 0) throw new Error(summarizeViolations(violations, 2));
    }),
    {
      seed: options.seed,
      numRuns: options.numRuns,
      path: options.path,
      interruptAfterTimeLimit: options.timeLimitMs,
      endOnFailure: false,
    },
  );
  const run: FuzzRun = {
    seed: options.seed,
    numRuns: options.numRuns,
    ran,
    fixesChecked,
    failed: details.failed,
    interrupted: details.interrupted,
  };
  if (details.failed && details.counterexample) {
    run.path = details.counterexamplePath ?? undefined;
    run.counterexample = details.counterexample[0];
    const error = details.errorInstance as Error | undefined;
    run.report = error?.message ?? String(details.errorInstance);
  }
  return run;
}

/** The failure as a regression entry to paste into regressions.ts. */
export function regressionSnippet(run: FuzzRun): string {
  if (!run.counterexample) return '';
  return `  {\n    name: ${JSON.stringify(`fuzz seed ${run.seed} path ${run.path}: ${run.report?.split('\n')[0] ?? ''}`)},\n    sources: ${JSON.stringify(run.counterexample.sources, null, 2).replace(/\n/g, '\n    ')},\n  },`;
}
