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

/** Controls of the product that the catalog does not list yet, each with the issue that defines it. */
const PRODUCT_CONTROLS: Record<string, string> = {
  'duplicate-object': 'issue 9: the same object declared in two files',
};

/**
 * The only controls whose fix is `safe` (applied unattended), and why it cannot change what runs. Marking
 * another control safe must be argued here first.
 */
const SAFE_FIXES: Record<string, string> = {
  'duplicate-env-var': 'removes an entry that a later entry of the same name shadows',
  'deprecated-api-version': 'swaps an apiVersion whose schema did not change',
  'missing-recommended-labels': "adds a label to the object's own metadata, not to its pod template",
};

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
    assert.deepEqual(
      [...ids].sort(),
      [...catalog.map((entry) => entry.id), ...Object.keys(PRODUCT_CONTROLS)].sort(),
    );
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
          assert.ok(['safe', 'review', 'draft'].includes(meta.fix), `fix class ${meta.fix}`);
          assert.equal(typeof control.fix, 'function');
          assert.ok((meta.fixEffect ?? '').length >= 20, 'fixEffect: what the fix changes at run time');
        }
        if (meta.fix === 'safe')
          assert.ok(
            SAFE_FIXES[entry.id],
            `${entry.id} is classed safe: argue it in SAFE_FIXES or class it review`,
          );
        else
          assert.equal(
            SAFE_FIXES[entry.id],
            undefined,
            `${entry.id} is in SAFE_FIXES but classed ${meta.fix}`,
          );
        // New objects and placeholders are drafts (controls.md, "Fix safety").
        if (/new object/.test(entry.fix)) assert.equal(meta.fix, 'draft', 'a new object is a draft');
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

  for (const [id, why] of Object.entries(PRODUCT_CONTROLS)) {
    it(`${id} (${why}): has metadata, an up-to-date docs page and cases`, () => {
      const control = allControls.find((candidate) => candidate.meta.id === id);
      assert.ok(control, 'not registered');
      const docPath = join(PROJECT_ROOT, 'docs/controls', `${id}.md`);
      assert.ok(existsSync(docPath), `${docPath} missing: run npm run docs`);
      assert.equal(
        readFileSync(docPath, 'utf8'),
        renderControlDoc(control),
        `${docPath} is stale: run npm run docs`,
      );
      const collected = collectCases(control.meta.stage, id);
      assert.ok(collected && collected.cases.valid.length > 0 && collected.cases.invalid.length > 0, 'cases');
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
