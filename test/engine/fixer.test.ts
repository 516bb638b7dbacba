import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { Comment, Fixer } from '../../server/src/engine/fixer';
import { extractObjects } from '../../server/src/engine/model';
import { get } from '../../server/src/engine/nodes';
import { parseFile } from '../../server/src/engine/parse';
import { applyOffsetEdits } from '../../server/src/engine/text';

function edit(path: string, text: string, build: (fixer: Fixer, root: YAMLMap) => void): string | undefined {
  const file = parseFile(path, text);
  const [object] = extractObjects(file);
  const fixer = new Fixer(file);
  build(fixer, object.node);
  const edits = fixer.result();
  return edits ? applyOffsetEdits(file.text, edits) : undefined;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
    name: p # keep me
spec:
    containers:
    -   name: a
        image: x:1
`;

describe('Fixer', () => {
  it('follows the file indentation (4 spaces, unindented sequences) when creating nested keys', () => {
    const result = edit('p.yaml', POD, (fixer, root) => {
      const container = (get(get(root, 'spec'), 'containers') as YAMLSeq).items[0] as YAMLMap;
      fixer.set(container, ['securityContext', 'capabilities', 'drop'], ['ALL']);
    });
    assert.equal(
      result,
      `${POD}        securityContext:\n            capabilities:\n                drop:\n                - ALL\n`,
    );
  });

  it('merges two paths through one missing key into one block', () => {
    const result = edit('p.yaml', POD, (fixer, root) => {
      fixer.set(get(root, 'spec') as YAMLMap, ['securityContext', 'runAsNonRoot'], true);
      fixer.set(
        get(root, 'spec') as YAMLMap,
        ['securityContext', 'seccompProfile', 'type'],
        'RuntimeDefault',
      );
    });
    assert.equal(
      result,
      `${POD}    securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n            type: RuntimeDefault\n`,
    );
  });

  it('replaces a scalar keeping its quoting', () => {
    const text = "apiVersion: 'policy/v1beta1'\nkind: PodDisruptionBudget\nmetadata: {name: p}\n";
    assert.equal(
      edit('p.yaml', text, (fixer, root) => fixer.set(root, ['apiVersion'], 'policy/v1')),
      "apiVersion: 'policy/v1'\nkind: PodDisruptionBudget\nmetadata: {name: p}\n",
    );
  });

  it('quotes strings that plain YAML would read as something else', () => {
    const result = edit('p.yaml', POD, (fixer, root) => {
      fixer.set(get(root, 'metadata') as YAMLMap, ['annotations'], {
        a: 'true',
        b: '8080',
        c: 'yes',
        d: 'plain-text',
      });
    });
    assert.match(
      result ?? '',
      / {4}annotations:\n {8}a: "true"\n {8}b: "8080"\n {8}c: "yes"\n {8}d: plain-text\n/,
    );
  });

  it('removes a key with its whole line, and the first key of a sequence item without breaking the item', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true  # why?\n  containers:\n    - hostPort: 80\n      containerPort: 80\n';
    const removed = edit('p.yaml', text, (fixer, root) => {
      const spec = get(root, 'spec') as YAMLMap;
      fixer.removeKey(spec, 'hostNetwork');
      const port = (get(spec, 'containers') as YAMLSeq).items[0] as YAMLMap;
      fixer.removeKey(port, 'hostPort');
    });
    assert.equal(
      removed,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  # why?\n  containers:\n    - containerPort: 80\n',
    );
  });

  it('removing the last key and adding another in one fix keeps both edits', () => {
    const text =
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  selector: {}\n  minAvailable: 100%\n';
    const result = edit('p.yaml', text, (fixer, root) => {
      const spec = get(root, 'spec') as YAMLMap;
      fixer.removeKey(spec, 'minAvailable');
      fixer.set(spec, ['maxUnavailable'], 1);
    });
    assert.equal(
      result,
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: p\nspec:\n  selector: {}\n  maxUnavailable: 1\n',
    );
  });

  it('removes sequence items in block and flow style', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  a: [ALL, NET_ADMIN, CHOWN]\n  b:\n    - SYS_ADMIN\n    - CHOWN\n';
    const result = edit('p.yaml', text, (fixer, root) => {
      const spec = get(root, 'spec') as YAMLMap;
      fixer.removeItems(get(spec, 'a') as YAMLSeq, [0, 1]);
      fixer.removeItems(get(spec, 'b') as YAMLSeq, [0]);
    });
    assert.equal(
      result,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  a: [CHOWN]\n  b:\n    - CHOWN\n',
    );
  });

  it('fills a null value under its key', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n  containers: []\n';
    const result = edit('p.yaml', text, (fixer, root) =>
      fixer.set(get(root, 'spec') as YAMLMap, ['securityContext', 'runAsNonRoot'], true),
    );
    assert.equal(
      result,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers: []\n',
    );
  });

  it('inserts into a one-line flow mapping of YAML and a pretty-printed JSON object', () => {
    const flow = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: b}}\n';
    assert.equal(
      edit('p.yaml', flow, (fixer, root) =>
        fixer.set(get(root, 'metadata') as YAMLMap, ['labels', 'c'], 'd'),
      ),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {a: b, c: d}}\n',
    );
    const json =
      '{\r\n    "apiVersion": "v1",\r\n    "kind": "Pod",\r\n    "metadata": {\r\n        "name": "p"\r\n    }\r\n}\r\n';
    assert.equal(
      edit('p.json', json, (fixer, root) =>
        fixer.set(get(root, 'metadata') as YAMLMap, ['labels'], { app: 'p' }),
      ),
      '{\r\n    "apiVersion": "v1",\r\n    "kind": "Pod",\r\n    "metadata": {\r\n        "name": "p",\r\n        "labels": {\r\n            "app": "p"\r\n        }\r\n    }\r\n}\r\n',
    );
  });

  it('appends a new document with comments, keeping the line ending; refuses in JSON', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p';
    const result = edit('p.yaml', text, (fixer) =>
      fixer.appendDocument(
        { apiVersion: 'v1', kind: 'ServiceAccount', note: new Comment('review me'), metadata: { name: 'p' } },
        'added',
      ),
    );
    assert.equal(
      result,
      `${text}\r\n---\r\n# added\r\napiVersion: v1\r\nkind: ServiceAccount\r\n# review me\r\nmetadata:\r\n  name: p\r\n`,
    );
    assert.equal(
      edit('p.json', '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}', (fixer) =>
        fixer.appendDocument({ kind: 'X' }),
      ),
      undefined,
    );
  });

  it('overrides a merged key with an own key, never editing the anchor shared by others', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  base: &base {imagePullPolicy: IfNotPresent, sc: {a: 1}}\n  c:\n    <<: *base\n';
    const spec = (root: YAMLMap) => get(get(root, 'spec'), 'c') as YAMLMap;
    assert.equal(
      edit('p.yaml', text, (fixer, root) => fixer.set(spec(root), ['imagePullPolicy'], 'Always')),
      `${text}    imagePullPolicy: Always\n`,
    );
    assert.equal(
      edit('p.yaml', text, (fixer, root) => fixer.set(spec(root), ['sc', 'b'], 2)),
      undefined,
    );
  });
});

describe('Fixer in one-line JSON objects', () => {
  it('keeps an insert into a one-line object on that line', () => {
    const text =
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": { "name": "p", "labels": { "app": "p" } }\n}\n';
    const result = edit('p.json', text, (fixer, root) =>
      fixer.set(get(root, 'metadata') as YAMLMap, ['annotations', 'a/b'], 'true'),
    );
    assert.equal(
      result,
      '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": { "name": "p", "labels": { "app": "p" }, "annotations": {"a/b": "true"} }\n}\n',
    );
  });
});

describe('Fixer.removeItems in flow sequences', () => {
  const cases: Array<[string, number[], string]> = [
    ['[a, b, c]', [0], '[b, c]'],
    ['[a, b, c]', [1], '[a, c]'],
    ['[a, b, c]', [2], '[a, b]'],
    ['[a, b, c]', [1, 2], '[a]'],
    ['[a, b, c]', [0, 1, 2], '[]'],
    ['[\n    a,   # first\n    b,\n    c\n  ]', [0], '[\n    b,\n    c\n  ]'],
    ['[\n    a,\n    b,\n    c\n  ]', [2], '[\n    a,\n    b\n  ]'],
  ];
  for (const [list, indices, expected] of cases) {
    it(`${JSON.stringify(list)} without ${indices.join(',')}`, () => {
      const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  l: ${list}\n`;
      const result = edit('p.yaml', text, (fixer, root) =>
        fixer.removeItems(get(get(root, 'spec'), 'l') as YAMLSeq, indices),
      );
      assert.equal(result, `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  l: ${expected}\n`);
    });
  }
});

describe('Fixer around flow collections and block scalars', () => {
  const container = (root: YAMLMap) => (get(get(root, 'spec'), 'containers') as YAMLSeq).items[0] as YAMLMap;

  it('keeps an empty flow mapping inside a flow collection in flow style', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: web, image: "nginx:1.25", securityContext: {}}\n';
    const result = edit('p.yaml', text, (fixer, root) =>
      fixer.set(container(root), ['securityContext', 'allowPrivilegeEscalation'], false),
    );
    assert.equal(
      result,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: web, image: "nginx:1.25", securityContext: {allowPrivilegeEscalation: false}}\n',
    );
    const multiline =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [\n    {\n      name: web,\n      resources: {}\n    }\n  ]\n';
    const fixed = edit('p.yaml', multiline, (fixer, root) =>
      fixer.set(container(root), ['resources', 'requests', 'cpu'], '100m'),
    );
    assert.equal(fixed, multiline.replace('resources: {}', 'resources: {requests: {cpu: 100m}}'));
  });

  it('replaces a block scalar value on its own line', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    imagePullPolicy: >-\n      IfNotPresent\n    image: nginx:1.25\n';
    const result = edit('p.yaml', text, (fixer, root) =>
      fixer.set(container(root), ['imagePullPolicy'], 'Always'),
    );
    assert.equal(
      result,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    imagePullPolicy: Always\n    image: nginx:1.25\n',
    );
  });

  it('inserts after the kept blank lines of a |+ scalar, leaving its value unchanged', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: web\n    command:\n    - sh\n    - -c\n    - |+\n      echo hi\n\n  - name: other\n';
    const result = edit('p.yaml', text, (fixer, root) =>
      fixer.set(container(root), ['imagePullPolicy'], 'Always'),
    );
    assert.equal(
      result,
      text.replace('\n\n  - name: other', '\n\n    imagePullPolicy: Always\n  - name: other'),
    );
    const before = parseFile('p.yaml', text);
    const after = parseFile('p.yaml', result!);
    const script = (file: typeof before) =>
      ((get(container(extractObjects(file)[0].node), 'command') as YAMLSeq).items[2] as { value: string })
        .value;
    assert.equal(script(after), script(before));
  });
});
