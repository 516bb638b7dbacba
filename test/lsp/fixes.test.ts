import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { defaultSettings } from '../../server/src/engine/config';
import { parseFile } from '../../server/src/engine/parse';
import { applyTextEdits } from '../../server/src/engine/text';
import { fixWorkspace } from '../../server/src/engine/workspace';
import { FixPreview } from '../../server/src/lsp/fixes';
import { newAnalyzer } from '../../server/src/lsp/folders';
import { DEPLOYMENT, MISSPELT_RESOURCES, PDB, TWO_CONTAINERS } from '../support/manifests';
import { analyzerOf } from './support';

const CART = '/workspace/cart.yaml';
const PDB_PATH = '/workspace/pdb.yaml';

function previewOf(live: ReturnType<typeof analyzerOf>): FixPreview {
  return new FixPreview(live, newAnalyzer(defaultSettings()));
}

function previewed(preview: FixPreview, text: string, classes: Array<'safe' | 'review' | 'draft'>): string {
  const edit = preview.fileEdit(CART, { classes });
  return edit ? applyTextEdits(text, [edit]) : text;
}

describe('fix-all preview', () => {
  it('leaves the live analyzer as it was: same analysis, same files, same findings', () => {
    const live = analyzerOf({ [CART]: TWO_CONTAINERS, [PDB_PATH]: PDB });
    const analysis = live.run();
    const files = live.filePaths.map((path) => live.getFile(path));
    const findings = JSON.stringify(analysis.findings);
    const preview = previewOf(live);
    for (const classes of [['safe'], ['review'], ['draft']] as const)
      assert.ok(preview.fileEdit(CART, { classes: [...classes] }), `no ${classes[0]} edit`);
    assert.ok(preview.fileEdit(CART, { classes: ['review'], controlIds: new Set(['missing-cpu-limit']) }));
    assert.equal(live.run(), analysis);
    assert.deepEqual(
      live.filePaths.map((path) => live.getFile(path)),
      files,
    );
    assert.equal(JSON.stringify(live.run().findings), findings);
  });

  it('edits as the CLI fixes the same files', () => {
    const sources = [
      { path: CART, text: TWO_CONTAINERS },
      { path: PDB_PATH, text: PDB },
    ];
    const preview = previewOf(analyzerOf({ [CART]: TWO_CONTAINERS, [PDB_PATH]: PDB }));
    for (const classes of [['safe'], ['review'], ['safe', 'review', 'draft']] as const) {
      const cli = fixWorkspace(sources, {
        settings: defaultSettings(),
        controls: allControls,
        classes,
        paths: new Set([CART]),
      });
      assert.equal(
        previewed(preview, TWO_CONTAINERS, [...classes]),
        cli.changed.get(CART),
        classes.join(', '),
      );
    }
  });

  it("follows the live analyzer's files: one added, changed, removed", () => {
    const live = analyzerOf({ [CART]: DEPLOYMENT });
    const preview = previewOf(live);
    assert.match(previewed(preview, DEPLOYMENT, ['draft']), /kind: PodDisruptionBudget/);
    live.setFile(parseFile(PDB_PATH, PDB));
    assert.doesNotMatch(previewed(preview, DEPLOYMENT, ['draft']), /kind: PodDisruptionBudget/);
    live.removeFile(PDB_PATH);
    assert.match(previewed(preview, DEPLOYMENT, ['draft']), /kind: PodDisruptionBudget/);

    const labelled = DEPLOYMENT.replace(
      '  namespace: shop\n',
      '  namespace: shop\n  labels:\n    app.kubernetes.io/name: cart\n',
    );
    live.setFile(parseFile(CART, labelled));
    assert.equal(preview.fileEdit(CART, { classes: ['safe'] }), undefined, 'the safe fix is in the new text');
  });

  it('offers nothing for a file the live analyzer does not hold', () => {
    const preview = previewOf(analyzerOf({ [CART]: DEPLOYMENT }));
    assert.equal(preview.fileEdit(PDB_PATH, { classes: ['safe', 'review', 'draft'] }), undefined);
  });
});

describe("the language server's analyzer: fixes asked for", () => {
  it("gives a lazily computed fix, or the engine's reason for withholding it", () => {
    const analyzer = analyzerOf({ [CART]: MISSPELT_RESOURCES });
    const findings = analyzer.findingsOf(CART);
    assert.ok(
      findings.every((finding) => finding.fix === undefined),
      'lazy: not on the finding',
    );
    const cpu = analyzer.fixOf(findings.find((finding) => finding.control === 'missing-cpu-request')!);
    assert.equal(cpu.fix, undefined);
    assert.match(cpu.withheld ?? '', /`resouces` looks like a misspelling of `resources`/);
    const labelsFinding = findings.find((finding) => finding.control === 'missing-recommended-labels')!;
    const labels = analyzer.fixOf(labelsFinding);
    assert.equal(analyzer.fixOf(labelsFinding), labels, 'computed once');
    assert.equal(labels.fix?.class, 'safe');
    assert.equal(labels.withheld, undefined);
  });
});
