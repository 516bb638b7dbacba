/**
 * A workspace analysed in shards (the CLI's `--jobs`) gives the report one analysis gives, byte for byte:
 * each shard checks its own files against summaries of the others', parsed only when a check reads more.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateUnhardenedWorkspace, generateWorkspace } from '../../bench/generate';
import { allControls } from '../../server/src/controls';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { extractObjects, type KubeObject } from '../../server/src/engine/model';
import {
  budgetSelectorOf,
  hasPodSpec,
  SummarizedObject,
  scaleTargetOf,
  serviceSelectorOf,
  summaryOf,
} from '../../server/src/engine/objectSummary';
import { parseFile } from '../../server/src/engine/parse';
import { analyzeInShards } from '../../server/src/engine/shard';
import { checkWorkspace, type SourceFile, summarize } from '../../server/src/engine/workspace';
import { buildJsonReport } from '../../server/src/report/json';
import { sarifReportText } from '../../server/src/report/sarif';
import { renderText } from '../../server/src/report/text';
import { PROJECT_ROOT } from '../support/paths';
import { generated, sourcesUnder } from '../support/workspaceSources';

const settings = defaultSettings();
const options = { settings, controls: allControls };

function reports(analysis: ReturnType<typeof checkWorkspace>['analysis']): string[] {
  const result = summarize(analysis, options);
  return [
    JSON.stringify(buildJsonReport(result, '0.0.0'), null, 2),
    [...sarifReportText(result, allControls, '0.0.0')].join(''),
    renderText(result, { color: false, showExempt: true }),
  ];
}

const workspaces: Array<[string, () => SourceFile[]]> = [
  [
    'every test fixture as one workspace',
    () => sourcesUnder(join(PROJECT_ROOT, 'test/fixtures'), 'fixtures'),
  ],
  ['a generated hardened workspace', () => generated(generateWorkspace, 240, 'ws')],
  ['a generated unhardened workspace', () => generated(generateUnhardenedWorkspace, 160, 'ws')],
];

describe('a workspace analysed in shards', () => {
  for (const [name, sourcesOf] of workspaces) {
    it(`gives the report of one analysis: ${name}`, () => {
      const sources = sourcesOf();
      assert.ok(sources.length > 50, `${sources.length} files`);
      const expected = reports(checkWorkspace(sources, options).analysis);
      assert.ok(JSON.parse(expected[0]).findings.length > 100);
      for (const [shards, chunk] of [
        [1, 64],
        [2, 1],
        [2, 7],
        [3, 4],
      ]) {
        const actual = reports(analyzeInShards(sources, settings, allControls, shards, chunk));
        for (const [index, format] of ['json', 'sarif', 'text'].entries())
          assert.equal(actual[index], expected[index], `${format}, ${shards} shards of ${chunk}-file chunks`);
      }
    });
  }
});

describe('a one-run analysis that makes its findings when they are read', () => {
  for (const [name, sourcesOf] of workspaces) {
    it(`reports what an analyzer keeping them reports: ${name}`, () => {
      const sources = sourcesOf();
      const kept = new Analyzer(settings, allControls);
      for (const source of sources) kept.setFile(parseFile(source.path, source.text));
      const expected = reports(kept.run());
      const onDemand = checkWorkspace(sources, options).analysis;
      assert.deepEqual(reports(onDemand), expected);
      // Read twice, the findings are made twice (none is kept), with the same content and fixes.
      const first = [...onDemand.eachFinding()];
      const second = [...onDemand.eachFinding()];
      assert.ok(first.length > 100 && first.some((finding) => finding.fix));
      assert.notEqual(first[0], second[0]);
      assert.deepEqual(first, second);
    });
  }

  it('the text report lists files in the order of the JSON report (by code unit), the workspace last', () => {
    const deployment = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1.0\n`;
    const sources = [
      { path: 'ws/a.yaml', text: deployment('a') },
      { path: 'ws/B.yaml', text: deployment('b') },
      {
        path: 'ws/Broken.yaml',
        text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b\n',
      },
      { path: 'ws/c.yaml', text: deployment('c') },
    ];
    const result = checkWorkspace(sources, options);
    const jsonFiles = [
      ...new Set(buildJsonReport(result, '0.0.0').findings.map((finding) => finding.file ?? '(workspace)')),
    ];
    assert.deepEqual(jsonFiles.slice(0, 3), ['ws/B.yaml', 'ws/a.yaml', 'ws/c.yaml']);
    const headings = renderText(result, { color: false })
      .split('\n')
      .filter((line) => /^(ws\/|\(workspace\))/.test(line));
    assert.deepEqual(
      headings,
      ['ws/B.yaml', 'ws/Broken.yaml', 'ws/a.yaml', 'ws/c.yaml', '(workspace)'].filter(
        (heading) => heading !== '(workspace)' || jsonFiles.includes('(workspace)'),
      ),
    );
  });

  it('a summarized object answers what the cross-file checks read (selectors, scale targets) without its parse', () => {
    const sources = [
      ...sourcesUnder(join(PROJECT_ROOT, 'test/fixtures'), 'fixtures'),
      ...generated(generateWorkspace, 120, 'ws'),
      {
        path: 'edge.yaml',
        text: [
          'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: worker}\nspec:\n  scaleTargetRef: {name: worker}\n',
          'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: odd}\nspec:\n  scaleTargetRef: {kind: [Deployment], name: 7}\n',
          'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: none}\nspec: {maxUnavailable: 1}\n',
          'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec: {selector: {}}\n',
        ].join('---\n'),
      },
    ];
    const kinds = new Map<string, number>();
    for (const source of sources) {
      for (const object of extractObjects(parseFile(source.path, source.text))) {
        const summarized = new SummarizedObject(structuredClone(summaryOf(object)), () => {
          throw new Error(`${object.key} was parsed`);
        });
        const read = (of: KubeObject) => ({
          podSpec: hasPodSpec(of),
          ...(of.kind === 'Service' ? { service: serviceSelectorOf(of) } : {}),
          ...(of.kind === 'PodDisruptionBudget' ? { budget: budgetSelectorOf(of) } : {}),
          ...(/^(HorizontalPodAutoscaler|ScaledObject)$/.test(of.kind) ? { target: scaleTargetOf(of) } : {}),
        });
        assert.deepEqual(read(summarized), read(object), object.key);
        kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
      }
    }
    for (const kind of ['Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ScaledObject'])
      assert.ok((kinds.get(kind) ?? 0) > 0, `no ${kind} among the objects`);
  });
});
