/**
 * The registry is the product's catalog: every control has its metadata, a fix class that matches what its
 * fix can do, its cases beside it, an up-to-date docs page, and its row in the README table and the
 * severity settings. Conformance with ../shared/spec/controls.md is checked by the corpus suite
 * (test/corpus/catalog.test.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderControlDoc, renderControlTable, renderSeveritySettings } from '../scripts/docs';
import { allControls } from '../server/src/controls';
import type { Category, Control } from '../server/src/engine/control';
import type { CollectedCases } from '../server/src/testing/controlTester';
import { PROJECT_ROOT } from './support/paths';

/**
 * The only controls whose fix is `safe` (applied unattended), and why it cannot change what runs. Marking
 * another control safe must be argued here first.
 */
const CATEGORIES: readonly Category[] = ['security', 'reliability', 'efficiency', 'operations'];

const SAFE_FIXES: Record<string, string> = {
  'duplicate-env-var': 'removes an entry that a later entry of the same name shadows',
  'deprecated-api-version': 'swaps an apiVersion whose schema did not change',
  'missing-recommended-labels': "adds a label to the object's own metadata, not to its pod template",
  'invalid-field-type':
    'changes only the quoting of a value the API server cannot decode, keeping the value the author wrote',
  'invalid-field-value':
    'changes only the case of a value the API server rejects (an enum, a quantity suffix, a kind) to the one it matches, unquotes a port number, or names the one apiVersion serving a kind: the object as written was rejected',
};

function collectCases(control: Control): CollectedCases | undefined {
  const { stage, id } = control.meta;
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
  it('has each id once, in kebab case, ordered by stage', () => {
    const ids = allControls.map((control) => control.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    const stages = allControls.map((control) => control.meta.stage);
    assert.deepEqual(
      stages,
      [...stages].sort((a, b) => a - b),
    );
  });

  for (const control of allControls) {
    const { meta } = control;
    describe(meta.id, () => {
      it('has a stage, category, severity and a fix class that matches its fix', () => {
        assert.ok(Number.isInteger(meta.stage) && meta.stage >= 1 && meta.stage <= 7, `stage ${meta.stage}`);
        assert.ok(CATEGORIES.includes(meta.category), `category ${meta.category}`);
        assert.ok(['error', 'warning', 'info'].includes(meta.severity), `severity ${meta.severity}`);
        if (meta.fix === 'none') assert.equal(control.fix, undefined, 'a fix without a fix class');
        else {
          assert.ok(['safe', 'review', 'draft'].includes(meta.fix), `fix class ${meta.fix}`);
          assert.equal(typeof control.fix, 'function');
          assert.ok((meta.fixEffect ?? '').length >= 20, 'fixEffect: what the fix changes at run time');
        }
        if (meta.fix === 'safe')
          assert.ok(
            SAFE_FIXES[meta.id],
            `${meta.id} is classed safe: argue it in SAFE_FIXES or class it review`,
          );
        else
          assert.equal(SAFE_FIXES[meta.id], undefined, `${meta.id} is in SAFE_FIXES but classed ${meta.fix}`);
      });

      it('has documentation: title, why, how to fix, and an up-to-date docs page', () => {
        assert.ok(meta.title.length >= 10, 'title');
        assert.ok(meta.description.length >= 40, 'description');
        assert.ok(meta.remediation.length >= 20, 'remediation');
        const docPath = join(PROJECT_ROOT, 'docs/controls', `${meta.id}.md`);
        assert.ok(existsSync(docPath), `${docPath} missing: run npm run docs`);
        assert.equal(
          readFileSync(docPath, 'utf8'),
          renderControlDoc(control),
          `${docPath} is stale: run npm run docs`,
        );
      });

      it('has cases beside it: valid, invalid with positions, and fix outputs', () => {
        const collected = collectCases(control);
        assert.ok(
          collected,
          `server/src/controls/stage${meta.stage}/${meta.id}.test.ts missing or not calling testControl`,
        );
        assert.ok(collected.cases.valid.length >= 1, 'no valid case');
        assert.ok(collected.cases.invalid.length >= 1, 'no invalid case');
        for (const testCase of collected.cases.invalid)
          assert.ok(testCase.findings.length >= 1, `${testCase.name}: no expected finding`);
        if (control.fix)
          assert.ok(
            collected.cases.invalid.some((testCase) => testCase.output !== null),
            'a fixable control needs a case with the exact fix output',
          );
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
