import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, TextEdit } from 'vscode-languageserver/node';
import { defaultSettings } from '../../server/src/engine/config';
import { parseFile } from '../../server/src/engine/parse';
import { applyTextEdits } from '../../server/src/engine/text';
import { codeActions, FIX_ALL_KIND, MAX_LIGHT_BULB_ACTIONS } from '../../server/src/lsp/codeActions';
import { controlOf } from '../../server/src/lsp/controlCatalog';
import { problemOf } from '../../server/src/lsp/diagnostics';
import { newAnalyzer } from '../../server/src/lsp/folders';
import { DEPLOYMENT, MISSPELT_RESOURCES, TWO_CONTAINERS } from '../support/manifests';
import { PROJECT_ROOT } from '../support/paths';
import { sourcesUnder } from '../support/workspaceSources';
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
      ['Ignore privilege-escalation for Deployment cart (annotation with a reason)', 'quickfix'],
      ['Ignore privilege-escalation here with a comment and a reason', 'quickfix'],
      ['Show documentation for privilege-escalation', 'quickfix'],
    ]);
    const [fix, annotate, comment, documentation] = actions;
    assert.equal(fix.isPreferred, false);
    // Every action names the diagnostic: the editor lists those that do not after the others.
    for (const action of actions) assert.deepEqual(action.diagnostics, [target], action.title);
    const fixed = applyTextEdits(DEPLOYMENT, editsOf(fix));
    assert.match(fixed, /^ {12}allowPrivilegeEscalation: false$/m);
    assert.equal(parseFile(PATH, fixed).problems.length, 0);
    assert.ok(fixed.includes('# The cart service') && fixed.includes('# main container'));
    assert.match(
      applyTextEdits(DEPLOYMENT, editsOf(annotate)),
      / {2}annotations:\n {4}kube-maturity\.io\/ignore: privilege-escalation\n {4}kube-maturity\.io\/ignore-reason: "why this is accepted"\n/,
    );
    assert.match(
      applyTextEdits(DEPLOYMENT, editsOf(comment)),
      /^ {8}# kube-maturity-ignore privilege-escalation: why this is accepted\n {8}- name: cart/m,
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
    const all = diagnosticsOf(analyzer, PATH).flatMap((diagnostic) =>
      codeActions(codeActionInput(analyzer, PATH, { diagnostics: [diagnostic] })),
    );
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
        'Ignore missing-cpu-request for Deployment cart (annotation with a reason)',
        'Ignore missing-cpu-request here with a comment and a reason',
        'Show documentation for missing-cpu-request',
      ],
    );
  });

  it('the light bulb over a container with many findings: its own fix first, at most a dozen, the rest last', () => {
    const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
    const atName = diagnosticsOf(analyzer, PATH).filter((diagnostic) => diagnostic.range.start.line === 17);
    assert.ok(atName.length >= 8, `${atName.length} diagnostics on the container's name`);
    const actions = codeActions(codeActionInput(analyzer, PATH, { diagnostics: atName }));
    assert.ok(actions.length <= MAX_LIGHT_BULB_ACTIONS, `${actions.length} actions`);
    assert.equal(MAX_LIGHT_BULB_ACTIONS, 12);
    // The finding the cursor is on: the most severe of those on the same range, the catalog's first.
    const primary = atName.find((diagnostic) => diagnostic.severity === 1)!;
    const control = String(primary.code);
    assert.deepEqual(actions[0].diagnostics, [primary]);
    assert.ok(actions[0].kind?.startsWith('quickfix.kubeMaturity.'), actions[0].title);
    assert.deepEqual(
      actions.slice(-3).map((action) => action.title),
      [
        `Ignore ${control} for Deployment cart (annotation with a reason)`,
        `Ignore ${control} here with a comment and a reason`,
        `Show documentation for ${control}`,
      ],
    );
    // Between them, the fixes of the other findings there, one each, none twice.
    const fixes = actions.slice(1, -3);
    assert.ok(fixes.length >= 5);
    assert.equal(new Set(fixes.map((action) => action.title)).size, fixes.length);
    for (const action of actions) assert.ok(action.diagnostics?.length === 1, action.title);
    assert.equal(actions.filter((action) => action.title.startsWith('Show documentation')).length, 1);
  });

  it('"Fix all safe problems in this container" fixes that container only, and "in this object" without one', () => {
    const twice = TWO_CONTAINERS.replace(
      '          ports:\n',
      '          env:\n            - {name: MODE, value: a}\n            - {name: MODE, value: b}\n            - {name: LEVEL, value: a}\n            - {name: LEVEL, value: b}\n          ports:\n',
    );
    assert.notEqual(twice, TWO_CONTAINERS);
    const analyzer = analyzerOf({ [PATH]: twice });
    const target = diagnosticOf(analyzer, PATH, 'duplicate-env-var');
    const actions = codeActions(codeActionInput(analyzer, PATH, { diagnostics: [target] }));
    const scope = actions.find((action) => action.title.startsWith('Fix all safe problems in'));
    assert.ok(scope, actions.map((action) => action.title).join(' | '));
    assert.equal(scope.title, 'Fix all safe problems in container cart (2)');
    assert.equal(actions[1], scope, 'right after the fix of the finding');
    const fixed = applyTextEdits(twice, editsOf(scope));
    assert.ok(!fixed.includes('value: a}'), fixed);
    assert.equal(parseFile(PATH, fixed).problems.length, 0);

    // Two safe fixes of the Deployment itself (a label, a quoted number), none of a container.
    const quoted = DEPLOYMENT.replace('replicas: 2', 'replicas: "2"');
    const object = analyzerOf({ [PATH]: quoted });
    const labels = diagnosticOf(object, PATH, 'missing-recommended-labels');
    const objectScope = codeActions(codeActionInput(object, PATH, { diagnostics: [labels] })).find((action) =>
      action.title.startsWith('Fix all safe problems in'),
    );
    assert.equal(objectScope?.title, 'Fix all safe problems in Deployment cart (2)');
    const objectFixed = applyTextEdits(quoted, editsOf(objectScope));
    assert.match(objectFixed, /replicas: 2\n/);
    assert.match(objectFixed, /app\.kubernetes\.io\/name: cart/);
  });

  it('with a client that takes snippet edits, the ignore actions put a tab stop on the reason', () => {
    const analyzer = analyzerOf({ [PATH]: DEPLOYMENT });
    const target = diagnosticOf(analyzer, PATH, 'privilege-escalation');
    const actions = codeActions({
      ...codeActionInput(analyzer, PATH, { diagnostics: [target] }),
      snippetEdits: true,
      version: 7,
    });
    const comment = actions.find((action) => action.title.includes('with a comment'))!;
    const annotation = actions.find((action) => action.title.includes('annotation'))!;
    const snippetOf = (action: CodeAction) => {
      const change = action.edit?.documentChanges?.[0] as {
        textDocument: { uri: string; version: number };
        edits: Array<{ snippet?: { kind: string; value: string } }>;
      };
      assert.deepEqual(change.textDocument, { uri: URI, version: 7 });
      return change.edits.map((edit) => edit.snippet?.value ?? '').join('');
    };
    assert.match(
      snippetOf(comment),
      /# kube-maturity-ignore privilege-escalation: \$\{1:why this is accepted\}\n$/,
    );
    assert.match(snippetOf(annotation), /kube-maturity\.io\/ignore-reason: "\$\{1:why this is accepted\}"/);
    // The fixes stay plain text edits.
    assert.ok(actions[0].edit?.changes?.[URI]);
  });

  it('in a JSON manifest, the ignore annotation quotes its reason once: the file stays JSON', () => {
    const jsonPath = '/workspace/cart.json';
    const json = JSON.stringify(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'cart', namespace: 'shop' },
        spec: {
          selector: { matchLabels: { app: 'cart' } },
          template: {
            metadata: { labels: { app: 'cart' } },
            spec: { containers: [{ name: 'cart', image: 'shop/cart:1.4.2' }] },
          },
        },
      },
      null,
      2,
    );
    const analyzer = analyzerOf({ [jsonPath]: json });
    const target = diagnosticOf(analyzer, jsonPath, 'privilege-escalation');
    for (const snippetEdits of [false, true]) {
      const actions = codeActions({
        ...codeActionInput(analyzer, jsonPath, { diagnostics: [target] }),
        snippetEdits,
      });
      const annotation = actions.find((action) => action.title.includes('annotation'))!;
      const change = annotation.edit?.documentChanges?.[0] as
        | { edits: Array<TextEdit & { snippet?: { value: string } }> }
        | undefined;
      const edits = snippetEdits
        ? change!.edits.map((entry) => ({
            range: entry.range,
            // A snippet escapes its literal $, } and \\: the editor writes them plain.
            newText: (entry.snippet?.value ?? entry.newText).replace(/\\([$}\\])/g, '$1'),
          }))
        : annotation.edit!.changes![pathToFileURL(jsonPath).toString()];
      const annotated = applyTextEdits(json, edits);
      const reason = snippetEdits ? '${1:why this is accepted}' : 'why this is accepted';
      assert.deepEqual(JSON.parse(annotated).metadata.annotations, {
        'kube-maturity.io/ignore': 'privilege-escalation',
        'kube-maturity.io/ignore-reason': reason,
      });
    }
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

describe('fix titles', () => {
  it('say what the fix does, never the problem again, on every fixture', () => {
    const analyzer = newAnalyzer(defaultSettings());
    for (const source of sourcesUnder(join(PROJECT_ROOT, 'test/fixtures'), 'fixtures'))
      analyzer.setFile(parseFile(source.path, source.text));
    let titles = 0;
    for (const finding of analyzer.run().findings) {
      const fix = analyzer.fixOf(finding).fix;
      if (!fix) continue;
      titles++;
      const meta = controlOf(finding.control)!.meta;
      assert.notEqual(fix.title, meta.title, `${finding.control}: the title is the control's`);
      assert.ok(
        !fix.title.startsWith(problemOf(finding)),
        `${finding.control}: "${fix.title}" restates the problem`,
      );
      assert.match(
        fix.title,
        /^(Add|Set|Remove|Replace|Read|Turn|Rename|Quote|Change|Move|Drop|Use|Write|Put|Wrap) /,
        `${finding.control}: "${fix.title}"`,
      );
    }
    assert.ok(titles > 100, `${titles} fixes`);
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
