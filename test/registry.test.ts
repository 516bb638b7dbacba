import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderControlDoc, renderControlTable, renderSeveritySettings } from '../scripts/docs';
import { allControls } from '../server/src/controls';
import type { CollectedCases } from '../server/src/testing/controlTester';
import { readCatalog } from './support/catalog';
import { PROJECT_ROOT } from './support/paths';

const catalog = readCatalog();

function collectCases(stage: number, id: string): CollectedCases | undefined {
  // Compiled beside this file: <outDir>/test/registry.test.js and <outDir>/server/src/controls/...
  const testModule = join(__dirname, '../server/src/controls', `stage${stage}`, `${id}.test.js`);
  if (!existsSync(testModule)) return undefined;
  globalThis.__kubeMaturityCollectedCases = [];
  try {
    require(testModule);
    return globalThis.__kubeMaturityCollectedCases.find((collected) => collected.control.meta.id === id);
  } finally {
    globalThis.__kubeMaturityCollectedCases = undefined;
  }
}

describe('control registry', () => {
  it('the catalog has 67 controls', () => assert.equal(catalog.length, 67));

  it('lists every catalog id exactly once, and nothing else', () => {
    const ids = allControls.map((control) => control.meta.id);
    assert.deepEqual([...ids].sort(), catalog.map((entry) => entry.id).sort());
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const entry of catalog) {
    describe(entry.id, () => {
      const control = allControls.find((candidate) => candidate.meta.id === entry.id);

      it('matches the catalog: stage, category, severity, peers, fix', () => {
        assert.ok(control, 'not registered');
        const { meta } = control;
        assert.deepEqual(
          { stage: meta.stage, category: meta.category, severity: meta.severity },
          { stage: entry.stage, category: entry.category, severity: entry.severity },
        );
        const sorted = (peers: typeof meta.peers) =>
          Object.fromEntries(
            Object.entries(peers)
              .filter(([, names]) => names && names.length > 0)
              .map(([key, names]) => [key, [...(names ?? [])].sort()]),
          );
        assert.deepEqual(sorted(meta.peers), sorted(entry.peers));
        if (entry.fix === '-') {
          assert.equal(meta.fix, 'none');
          assert.equal(control.fix, undefined);
        } else {
          assert.notEqual(meta.fix, 'none');
          assert.equal(typeof control.fix, 'function');
        }
      });

      it('has documentation: title, why, how to fix, and an up-to-date docs page', () => {
        assert.ok(control);
        const { meta } = control;
        assert.ok(meta.title.length >= 10, 'title');
        assert.ok(meta.description.length >= 40, 'description');
        assert.ok(meta.remediation.length >= 20, 'remediation');
        const docPath = join(PROJECT_ROOT, 'docs/controls', `${entry.id}.md`);
        assert.ok(existsSync(docPath), `${docPath} missing: run npm run docs`);
        assert.equal(
          readFileSync(docPath, 'utf8'),
          renderControlDoc(control),
          `${docPath} is stale: run npm run docs`,
        );
      });

      it('has cases beside it: valid, invalid with positions, and fix outputs', () => {
        const collected = collectCases(entry.stage, entry.id);
        assert.ok(
          collected,
          `server/src/controls/stage${entry.stage}/${entry.id}.test.ts missing or not calling testControl`,
        );
        assert.ok(collected.cases.valid.length >= 1, 'no valid case');
        assert.ok(collected.cases.invalid.length >= 1, 'no invalid case');
        for (const testCase of collected.cases.invalid)
          assert.ok(testCase.findings.length >= 1, `${testCase.name}: no expected finding`);
        if (control?.fix) {
          assert.ok(
            collected.cases.invalid.some((testCase) => testCase.output !== null),
            'a fixable control needs a case with the exact fix output',
          );
        }
      });
    });
  }

  it('the kubeMaturity.severity setting lists every control (generated)', () => {
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const properties = manifest.contributes.configuration.properties['kubeMaturity.severity'].properties;
    assert.deepEqual(
      properties,
      renderSeveritySettings(allControls),
      'package.json is stale: run npm run docs',
    );
  });

  it("the README's control list is generated from the registry", () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    assert.ok(
      readme.includes(renderControlTable(allControls)),
      'README control table is stale: run npm run docs',
    );
  });
});
