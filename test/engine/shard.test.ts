/**
 * A workspace analysed in shards (the CLI's `--jobs`) gives the report one analysis gives, byte for byte:
 * each shard checks its own files against summaries of the others', parsed only when a check reads more.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { generateUnhardenedWorkspace, generateWorkspace, removeWorkspace } from '../../bench/generate';
import { allControls } from '../../server/src/controls';
import { defaultSettings } from '../../server/src/engine/config';
import { analyzeInShards } from '../../server/src/engine/shard';
import { checkWorkspace, type SourceFile, summarize } from '../../server/src/engine/workspace';
import { buildJsonReport } from '../../server/src/report/json';
import { sarifReportText } from '../../server/src/report/sarif';
import { renderText } from '../../server/src/report/text';
import { PROJECT_ROOT } from '../support/paths';

function sourcesUnder(root: string, prefix: string): SourceFile[] {
  const sources: SourceFile[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ya?ml|json)$/.test(entry.name) || entry.name === 'Kustomization')
        sources.push({ path: join(prefix, relative(root, path)), text: readFileSync(path, 'utf8') });
    }
  };
  walk(root);
  return sources;
}

function generated(generate: typeof generateWorkspace, files: number, prefix: string): SourceFile[] {
  const workspace = generate(files);
  try {
    return sourcesUnder(workspace.root, prefix);
  } finally {
    removeWorkspace(workspace.root);
  }
}

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
