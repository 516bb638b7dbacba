import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextEdit } from 'vscode-languageserver/node';
import { parseFile } from '../../server/src/engine/parse';
import { applyTextEdits } from '../../server/src/engine/text';
import { codeActions, FIX_ALL_KIND } from '../../server/src/lsp/codeActions';
import { DEPLOYMENT, MISSPELT_RESOURCES, TWO_CONTAINERS } from '../support/manifests';
import { analyzerOf, codeActionInput, diagnosticOf, diagnosticsOf } from './support';

const PATH = '/workspace/cart.yaml';
const URI = pathToFileURL(PATH).toString();

/** The quick fixes of the first diagnostic of a control in a file that holds the text. */
function quickFixesOf(text: string, control: string, only?: string[]) {
  const analyzer = analyzerOf({ [PATH]: text });
  const diagnostic = diagnosticOf(analyzer, PATH, control);
  return {
    diagnostic,
    actions: codeActions(codeActionInput(analyzer, PATH, { diagnostics: [diagnostic], only })),
  };
}

const titlesAndKinds = (actions: CodeAction[]) => actions.map((action) => [action.title, action.kind]);

function editsOf(action: CodeAction | undefined): TextEdit[] {
  const edits = action?.edit?.changes?.[URI];
  assert.ok(edits, `${action?.title ?? 'no action'} edits nothing in ${URI}`);
  return edits;
}

describe('code actions of a diagnostic, from the engine findings alone', () => {
  it('a review fix: labelled, of its class, not preferred; then the ignore actions and the documentation', () => {
    const { diagnostic: target, actions } = quickFixesOf(DEPLOYMENT, 'privilege-escalation', ['quickfix']);
    assert.deepEqual(titlesAndKinds(actions), [
      ['Add securityContext.allowPrivilegeEscalation: false (review)', 'quickfix.kubeMaturity.review'],
      ['Ignore privilege-escalation for Deployment cart', 'quickfix'],
      ['Ignore privilege-escalation with a comment', 'quickfix'],
      ['Show documentation for privilege-escalation', 'quickfix'],
    ]);
    const [fix, annotate, comment, documentation] = actions;
    assert.equal(fix.isPreferred, false);
    assert.deepEqual(fix.diagnostics, [target]);
    const fixed = applyTextEdits(DEPLOYMENT, editsOf(fix));
    assert.match(fixed, /^ {12}allowPrivilegeEscalation: false$/m);
    assert.equal(parseFile(PATH, fixed).problems.length, 0);
    assert.ok(fixed.includes('# The cart service') && fixed.includes('# main container'));
    assert.match(
      applyTextEdits(DEPLOYMENT, editsOf(annotate)),
      / {2}annotations:\n {4}kube-maturity\.io\/ignore: privilege-escalation\n/,
    );
    assert.match(
      applyTextEdits(DEPLOYMENT, editsOf(comment)),
      /^ {8}# kube-maturity-ignore privilege-escalation: reason\n {8}- name: cart/m,
    );
    assert.equal(documentation.edit, undefined);
    assert.deepEqual(documentation.command, {
      title: 'Show documentation',
      command: 'kubeMaturity.showDocumentation',
      arguments: ['privilege-escalation'],
    });
  });

  it('a safe fix is the preferred action, and only safe fixes are', () => {
    const [fix] = quickFixesOf(DEPLOYMENT, 'missing-recommended-labels').actions;
    assert.equal(fix.title, 'Add labels.app.kubernetes.io/name: cart');
    assert.equal(fix.kind, 'quickfix.kubeMaturity.safe');
    assert.equal(fix.isPreferred, true);
    assert.match(
      applyTextEdits(DEPLOYMENT, editsOf(fix)),
      /^ {2}labels:\n {4}app\.kubernetes\.io\/name: cart$/m,
    );

    const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
    const all = codeActions(codeActionInput(analyzer, PATH, { diagnostics: diagnosticsOf(analyzer, PATH) }));
    const kinds = new Set(all.map((action) => action.kind));
    for (const kind of [
      'quickfix.kubeMaturity.safe',
      'quickfix.kubeMaturity.review',
      'quickfix.kubeMaturity.draft',
    ])
      assert.ok(kinds.has(kind), `no ${kind} action`);
    for (const action of all)
      assert.equal(
        action.isPreferred === true,
        action.kind === 'quickfix.kubeMaturity.safe',
        `${action.title} (${action.kind}) preferred: ${action.isPreferred}`,
      );
  });

  it('"Fix all <control> problems in this file" when the control has more than one fix of the class', () => {
    const { actions } = quickFixesOf(TWO_CONTAINERS, 'missing-cpu-limit', ['quickfix']);
    assert.deepEqual(titlesAndKinds(actions.slice(0, 2)), [
      ['Add resources.limits.cpu: 500m (review)', 'quickfix.kubeMaturity.review'],
      ['Fix all missing-cpu-limit problems in this file (2) (review)', 'quickfix.kubeMaturity.review'],
    ]);
    const all = actions[1];
    assert.equal(all.isPreferred, undefined);
    assert.equal(all.diagnostics, undefined);
    const fixed = applyTextEdits(TWO_CONTAINERS, editsOf(all));
    assert.equal((fixed.match(/cpu: 500m/g) ?? []).length, 2);
    assert.ok(!fixed.includes('memory: 256Mi'), 'other controls are left alone');
    assert.ok(fixed.includes('# The cart service') && fixed.includes('# main container'));

    const single = quickFixesOf(DEPLOYMENT, 'missing-cpu-limit').actions;
    assert.ok(!single.some((action) => action.title.startsWith('Fix all')), 'one finding: no fix-all');
  });

  it('a fix the engine withholds (beside a misspelt key) is not offered; ignoring it still is', () => {
    const { actions } = quickFixesOf(MISSPELT_RESOURCES, 'missing-cpu-request');
    assert.deepEqual(
      actions.map((action) => action.title),
      [
        'Ignore missing-cpu-request for Deployment cart',
        'Ignore missing-cpu-request with a comment',
        'Show documentation for missing-cpu-request',
      ],
    );
  });

  it('diagnostics of another source, or whose finding moved, get no actions; nor do kinds not asked for', () => {
    const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
    const target = diagnosticOf(analyzer, PATH, 'privilege-escalation');
    const foreign = { ...target, source: 'yaml' };
    const moved = { ...target, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } } };
    const withoutData = { ...target, data: undefined };
    for (const diagnostic of [foreign, moved, withoutData])
      assert.deepEqual(codeActions(codeActionInput(analyzer, PATH, { diagnostics: [diagnostic] })), []);
    assert.deepEqual(
      codeActions(codeActionInput(analyzer, PATH, { diagnostics: [target], only: ['refactor'] })),
      [],
    );
  });
});

describe('fix-all on save (source.fixAll.kubeMaturity)', () => {
  const onSave = { diagnostics: [], only: [FIX_ALL_KIND] };

  it('applies every safe fix of the file in one edit, and nothing else', () => {
    const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
    const actions = codeActions(codeActionInput(analyzer, PATH, onSave));
    assert.deepEqual(titlesAndKinds(actions), [
      ['kube-maturity: apply all safe fixes', 'source.fixAll.kubeMaturity'],
    ]);
    assert.equal(editsOf(actions[0]).length, 1);
    const fixed = applyTextEdits(DEPLOYMENT, editsOf(actions[0]));
    assert.match(fixed, /^ {2}labels:\n {4}app\.kubernetes\.io\/name: cart$/m);
    assert.equal(parseFile(PATH, fixed).problems.length, 0);
    for (const review of ['allowPrivilegeEscalation', 'runAsNonRoot', 'limits:', 'livenessProbe'])
      assert.ok(!fixed.includes(review), `${review} written on save`);

    const after = analyzerOf({ [PATH]: fixed });
    assert.deepEqual(codeActions(codeActionInput(after, PATH, onSave)), [], 'no safe fix is left');
  });

  it('offers nothing while the analysis is of an older version than the editor holds', () => {
    const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
    assert.deepEqual(codeActions(codeActionInput(analyzer, PATH, onSave, false)), []);
  });

  it('computes its edit without changing the analysis the diagnostics come from', () => {
    const analyzer = analyzerOf({ [PATH]: TWO_CONTAINERS });
    const before = analyzer.run();
    const file = analyzer.getFile(PATH);
    const findings = JSON.stringify(analyzer.findingsOf(PATH));
    const input = codeActionInput(analyzer, PATH, {
      diagnostics: [diagnosticOf(analyzer, PATH, 'missing-cpu-limit')],
    });
    assert.ok(codeActions(input).some((action) => action.title.startsWith('Fix all missing-cpu-limit')));
    assert.equal(codeActions({ ...input, context: onSave }).length, 1);
    assert.equal(analyzer.run(), before, 'the analysis was run again');
    assert.equal(analyzer.getFile(PATH), file);
    assert.equal(JSON.stringify(analyzer.findingsOf(PATH)), findings);
  });
});
