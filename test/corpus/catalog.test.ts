/**
 * Spec conformance: every control of the catalog (spec/controls.md beside the corpus) is registered with
 * its stage, category, severity, peers and fix class, and the registry holds nothing else but the
 * product's own controls listed here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { readCatalog } from '../support/catalog';

/** Controls of the product that the catalog does not list yet, each with the issue that defines it. */
const PRODUCT_CONTROLS: Record<string, string> = {
  'duplicate-object': 'issue 9: the same object declared in two files',
  'unknown-field': 'issue 13: a key that is not a field of its kind',
  'invalid-field-type': 'issue 13: a value of the wrong type',
  'invalid-field-value': 'issue 13: a value outside an enum, or not a quantity',
  'missing-required-field': 'issue 13: a required field absent',
};

/** The fixes "Fix safety" (version 1.1) names as safe. */
const SAFE_IN_SPEC = ['deprecated-api-version', 'duplicate-env-var'];

const catalog = readCatalog();

describe('the registry against the catalog (spec/controls.md)', () => {
  it('the catalog has 67 controls', () => assert.equal(catalog.length, 67));

  it("lists every catalog id exactly once, and only the product's own controls besides", () => {
    const ids = allControls.map((control) => control.meta.id);
    assert.deepEqual(
      [...ids].sort(),
      [...catalog.map((entry) => entry.id), ...Object.keys(PRODUCT_CONTROLS)].sort(),
    );
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const entry of catalog) {
    it(`${entry.id}: stage, category, severity, peers and fix class as the catalog has them`, () => {
      const control = allControls.find((candidate) => candidate.meta.id === entry.id);
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
      if (entry.fix === '-') assert.equal(meta.fix, 'none');
      else assert.notEqual(meta.fix, 'none', `the catalog has a fix: ${entry.fix}`);
      // New objects and placeholders are drafts (controls.md, "Fix safety").
      if (/new object/.test(entry.fix)) assert.equal(meta.fix, 'draft', 'a new object is a draft');
      // Safe, as "Fix safety" names them: an apiVersion swap, an env entry a later one shadows.
      if (SAFE_IN_SPEC.includes(entry.id)) assert.equal(meta.fix, 'safe');
    });
  }
});
