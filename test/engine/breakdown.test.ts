/**
 * The checks by namespace and by folder (the maturity report's heat tables): every check the verdict
 * counts is in one namespace and one folder, but the workspace-wide ones; an incremental analyzer keeps
 * them as a fresh one counts them.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { parseFile } from '../../server/src/engine/parse';
import { type Breakdown, folderOfPath, type StageCounts } from '../../server/src/engine/tallies';
import { checkWorkspace } from '../../server/src/engine/workspace';
import { deploymentIn as deployment } from '../support/manifests';
import { PROJECT_ROOT } from '../support/paths';
import { sourcesUnder } from '../support/workspaceSources';

const options = { settings: defaultSettings(), controls: allControls };

function sum(rows: Breakdown['namespaces']): number[] {
  const total = new Array<number>(28).fill(0);
  for (const [, counts] of rows)
    for (let index = 0; index < counts.length; index++) total[index] += counts[index];
  return total;
}

function at(counts: StageCounts | undefined, stage: number) {
  const base = (stage - 1) * 4;
  return counts
    ? { passed: counts[base], failed: counts[base + 1], exempt: counts[base + 2], errors: counts[base + 3] }
    : undefined;
}

describe('the checks by namespace and folder', () => {
  it("add up to the verdict's stages, less the workspace-wide checks, on every fixture as one workspace", () => {
    const result = checkWorkspace(sourcesUnder(join(PROJECT_ROOT, 'test/fixtures'), 'fixtures'), options);
    const { breakdown, tallies } = result.analysis;
    assert.ok(breakdown.namespaces.length > 5, `namespaces: ${breakdown.namespaces.map(([key]) => key)}`);
    assert.ok(breakdown.folders.length > 10);
    const workspaceWide = new Set(
      allControls.filter((control) => control.meta.scope === 'workspace').map((control) => control.meta.id),
    );
    const byNamespace = sum(breakdown.namespaces);
    const byFolder = sum(breakdown.folders);
    assert.deepEqual(byFolder, byNamespace, 'every namespace check has a file');
    for (let stage = 1; stage <= 7; stage++) {
      const placed = tallies.filter((tally) => tally.stage === stage && !workspaceWide.has(tally.control));
      const expected = {
        passed: placed.reduce((total, tally) => total + tally.passed, 0),
        failed: placed.reduce((total, tally) => total + tally.failed, 0),
        exempt: placed.reduce((total, tally) => total + tally.exempt, 0),
        errors: placed.reduce((total, tally) => total + tally.failedErrors, 0),
      };
      assert.deepEqual(at(byNamespace, stage), expected, `stage ${stage}`);
    }
  });

  it('follow an object that moves to another namespace and a file that is removed, as a fresh analysis counts', () => {
    const analyzer = new Analyzer(defaultSettings(), allControls);
    const files = new Map([
      ['apps/shop/cart.yaml', deployment('cart', 'shop')],
      ['apps/shop/web.yaml', deployment('web', 'shop')],
      ['apps/billing/invoice.yaml', deployment('invoice', 'billing')],
    ]);
    for (const [path, text] of files) analyzer.setFile(parseFile(path, text));
    const first = analyzer.run().breakdown;
    assert.deepEqual(
      first.namespaces.map(([key]) => key),
      ['billing', 'shop'],
    );
    assert.deepEqual(
      first.folders.map(([key]) => key),
      ['apps/billing', 'apps/shop'],
    );
    const shop = new Map(first.namespaces).get('shop');
    const billing = new Map(first.namespaces).get('billing');
    // Two workloads with the same manifest count twice what one does.
    assert.ok(at(shop, 4)!.failed > 0);
    assert.equal(at(shop, 4)!.failed, 2 * at(billing, 4)!.failed);

    files.set('apps/billing/invoice.yaml', deployment('invoice', 'shop'));
    analyzer.setFile(parseFile('apps/billing/invoice.yaml', files.get('apps/billing/invoice.yaml')!));
    files.delete('apps/shop/web.yaml');
    analyzer.removeFile('apps/shop/web.yaml');
    const after = analyzer.run().breakdown;
    const fresh = checkWorkspace(
      [...files].map(([path, text]) => ({ path, text })),
      options,
    ).analysis.breakdown;
    assert.deepEqual(after, fresh);
    assert.deepEqual(
      after.namespaces.map(([key]) => key),
      ['shop'],
    );
    assert.deepEqual(at(new Map(after.namespaces).get('shop'), 4), at(shop, 4));
  });

  it('put a rendered document in the folder of its template, a root file in "."', () => {
    assert.equal(folderOfPath('charts/web/templates/deploy.yaml#rendered-3.yaml'), 'charts/web/templates');
    assert.equal(folderOfPath('base/kustomization.yaml#built-1.yaml'), 'base');
    assert.equal(folderOfPath('deploy.yaml'), '.');
    assert.equal(folderOfPath('C:\\repo\\apps\\deploy.yaml'), 'C:\\repo\\apps');
    // A '#' in a folder's name is the folder's.
    assert.equal(folderOfPath('c#/svc/deploy.yaml'), 'c#/svc');
    assert.equal(
      folderOfPath('/home/me/c#/chart/templates/a.yaml#rendered-0.yaml'),
      '/home/me/c#/chart/templates',
    );
  });
});
