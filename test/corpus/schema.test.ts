/**
 * The schema controls on the real-world corpus, which is valid upstream YAML: they find only what the API
 * server truly rejects (UPSTREAM_INVALID, each with why), with the newest schema and the oldest shipped,
 * while checking hundreds of objects and the custom resources whose CRDs the corpus declares.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { defaultSettings } from '../../server/src/engine/config';
import { checkWorkspace } from '../../server/src/engine/workspace';
import { readManifests } from '../engine/support/onRepositories';
import { CORPUS } from '../support/paths';
import { SCHEMA_CONTROLS, schemaFindingKey, UPSTREAM_INVALID } from '../support/upstreamInvalid';

describe('the schema controls on the corpus', () => {
  const sources = [...readManifests(CORPUS)].map(([path, text]) => ({ path, text }));
  const controls = allControls.filter((control) => SCHEMA_CONTROLS.has(control.meta.id));

  for (const kubernetesVersion of [undefined, '1.33']) {
    it(`find only what the API server rejects (Kubernetes ${kubernetesVersion ?? 'newest'})`, () => {
      const result = checkWorkspace(sources, {
        settings: { ...defaultSettings(), kubernetesVersion },
        controls,
      });
      const found = result.analysis.findings.map(schemaFindingKey).sort();
      assert.deepEqual(found, UPSTREAM_INVALID.map((entry) => entry.at).sort());
      const checked = result.analysis.tallies.find((tally) => tally.control === 'unknown-field');
      assert.ok(checked);
      const objects = checked.passed + checked.failed + checked.exempt;
      console.log(
        `schema (corpus, ${kubernetesVersion ?? 'newest'}): ${objects} objects checked, ${found.length} findings`,
      );
      assert.ok(objects >= 400, `${objects} objects checked`);
    });
  }
});
