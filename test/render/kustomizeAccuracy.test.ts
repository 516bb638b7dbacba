/**
 * The Kustomize mapping against an instrumented build (test/support/instrumentedBuild.ts) of the fixture
 * overlays with the real Kustomize 5.6 and 5.7: every built field and every finding on the line that
 * wrote it, in the base, a patch file, a JSON 6902 operation's value or a patch written in the
 * kustomization.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { markInlinePatches, markText, truthAt } from '../support/instrumentedBuild';
import { kustomizeAccuracy } from '../support/kustomizeAccuracy';
import { FIXTURE_REPOS } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const LIMITS = { timeoutMs: 60_000, maxOutputBytes: 16 * 1024 * 1024 };

/** The text without the lines and entries the markers added: the original. */
function unmarked(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(?:"@K|- \{"op":"add","path":"[^"]*@K)/.test(line))
    .join('\n')
    .replace(/"@K[^"]*": (?:"[^"]*"|\[[^\]]*\])(?:, )?/g, '');
}

describe('the instrumented build: markers beside what each file writes', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27  # pinned
          args: [--port, "8080"]
          resources: {limits: {cpu: "1"}}
`;

  it('marks keys, items and list entries of a resource with their lines, keeping every original line', () => {
    const marked = markText(deployment, 'base/deployment.yaml', 'resource');
    assert.equal(unmarked(marked), deployment);
    assert.match(marked, /^ {10}"@K=image": "base\/deployment\.yaml:9"$/m);
    assert.match(marked, /^ {10}"@K-\|base\/deployment\.yaml": "base\/deployment\.yaml:8"$/m);
    assert.match(marked, /"@K\[\]args": \["base\/deployment\.yaml:10","base\/deployment\.yaml:10"\]/);
    assert.match(
      marked,
      /\{"@K\+limits\|base\/deployment\.yaml": "base\/deployment\.yaml:11", limits: \{"@K=cpu"/,
    );
    assert.match(marked, /^"@K=kind": "base\/deployment\.yaml:1"$/m);
  });

  it('keeps a last block scalar without a line break as it is, at the end of a file without one', () => {
    const configMap = 'kind: ConfigMap\ndata:\n  config.yaml: |\n    level: warn';
    const marked = markText(configMap, 'config.yaml', 'resource');
    assert.ok(marked.endsWith('    level: warn'), marked);
    assert.equal(unmarked(marked), configMap);
  });

  it('leaves what only names the patched object unmarked in a strategic-merge patch', () => {
    const marked = markText(deployment, 'overlays/prod/patch.yaml', 'patch');
    assert.doesNotMatch(marked, /"@K=kind"|"@K=apiVersion"|"@K=name"/);
    assert.match(marked, /"@K=image": "overlays\/prod\/patch\.yaml:9"/);
  });

  it('follows each JSON 6902 add or replace with the add of its marker, on its value line', () => {
    const operations = `- op: replace
  path: /spec/replicas
  value: 3
- op: add
  path: /spec/template/spec/containers/-
  value:
    name: sidecar
- op: remove
  path: /spec/paused
`;
    const marked = markText(operations, 'ops.yaml', 'patch');
    assert.equal(unmarked(marked), operations);
    assert.match(marked, /^- \{"op":"add","path":"\/spec\/@K=replicas","value":"ops\.yaml:2"\}$/m);
    assert.match(marked, /^ {4}"@K-\|ops\.yaml": "ops\.yaml:5"$/m);
    assert.match(marked, /^ {4}"@K=name": "ops\.yaml:6"$/m);
  });

  it("marks a patch written in a kustomization on the kustomization's own lines", () => {
    const kustomization = `resources: [../base]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
`;
    const marked = markInlinePatches(kustomization, 'overlays/prod/kustomization.yaml');
    assert.match(marked, /^ {8}"@K=replicas": "overlays\/prod\/kustomization\.yaml:8"$/m);
  });

  it('names the last writer of a scalar, the object’s own file among those of a map, and nothing it cannot know', () => {
    const built = {
      '@K+spec|base.yaml': 'base.yaml:4',
      '@K+spec|patch.yaml': 'patch.yaml:4',
      spec: {
        '@K=replicas': 'patch.yaml:5',
        replicas: 2,
        '@K[]args': ['base.yaml:7'],
        args: ['a', 'b'],
      },
    };
    assert.deepEqual(truthAt(built, [{ key: 'spec' }], 'base.yaml'), {
      writers: [{ file: 'base.yaml', line: 4 }],
      depth: 0,
    });
    assert.deepEqual(truthAt(built, [{ key: 'spec' }, { key: 'replicas' }], 'base.yaml'), {
      writers: [{ file: 'patch.yaml', line: 5 }],
      depth: 1,
    });
    assert.deepEqual(truthAt(built, [{ key: 'spec' }, { key: 'selector' }], 'base.yaml'), {
      writers: [{ file: 'base.yaml', line: 4 }],
      depth: 0,
    });
    assert.ok('unknowable' in truthAt(built, [{ key: 'spec' }, { key: 'args' }, { index: 1 }], 'base.yaml'));
  });
});

describeWithRenderTools(
  'the Kustomize mapping on the fixture overlays, against an instrumented build',
  (tools) => {
    const tool = { binary: tools.kubectl, flavour: 'kubectl' as const };
    for (const overlay of ['staging', 'production', 'canary']) {
      it(`${tools.name}: overlays/${overlay}, every built field and finding on the line that wrote it`, async () => {
        const accuracy = await kustomizeAccuracy(
          tool,
          join(FIXTURE_REPOS, 'kustomize/overlays', overlay),
          LIMITS,
        );
        assert.ok(!('notBuilt' in accuracy), JSON.stringify(accuracy));
        if ('notBuilt' in accuracy) return;
        console.log(
          `kustomize mapping (${tools.name}, overlays/${overlay}): ${accuracy.findings.exact} of ${accuracy.findings.measured} findings exact, ${accuracy.keys.exact} of ${accuracy.keys.measured} keys`,
        );
        assert.ok(accuracy.findings.measured >= 9, `${accuracy.findings.measured} findings`);
        assert.ok(accuracy.keys.measured >= 60, `${accuracy.keys.measured} keys`);
        assert.deepEqual(accuracy.findings.misses, []);
        assert.deepEqual(accuracy.findings.unknown, []);
        assert.deepEqual(accuracy.keys.misses, []);
        assert.deepEqual(accuracy.onFirstLine, []);
      });
    }
  },
);
