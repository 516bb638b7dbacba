/**
 * `check --format html`, run as a CI pipeline runs it: one well-formed, self-contained page (no script,
 * nothing remote) whose numbers are the JSON report's.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from './support/cli';
import { PROJECT_ROOT } from './support/paths';

/** The part of parse5's tree the tests read. */
interface Node {
  nodeName: string;
  value?: string;
  childNodes?: Node[];
  content?: Node;
}
interface Element extends Node {
  tagName: string;
  attrs: Array<{ name: string; value: string }>;
  childNodes: Node[];
}
type Parse = (
  html: string,
  options?: { onParseError?: (error: { code: string; startLine: number }) => void },
) => Node;

// parse5 is an ES module: loaded before the tests run.
let parse: Parse;

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr', 'source', 'area', 'base', 'col']);

/** Tokenizer errors (parse5) and misnested or unclosed elements (the parser would silently repair them). */
function wellFormednessErrors(html: string): string[] {
  const errors: string[] = [];
  const document = parse(html, {
    onParseError: (error) => errors.push(`${error.code} at line ${error.startLine}`),
  });
  const open: string[] = [];
  const withoutText = html.replace(/<style[^>]*>[^<]*<\/style>/g, '<style></style>');
  for (const match of withoutText.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, tag, selfClosing] = match;
    const name = tag.toLowerCase();
    if (closing) {
      const last = open.pop();
      if (last !== name) errors.push(`</${name}> closes <${last}>`);
    } else if (!selfClosing && !VOID.has(name)) open.push(name);
  }
  if (open.length > 0) errors.push(`unclosed: ${open.join(', ')}`);
  if (!find(document, (element) => element.tagName === 'main')) errors.push('no <main>');
  return errors;
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function* elements(node: Node): Generator<Element> {
  if (isElement(node)) yield node;
  for (const child of node.childNodes ?? []) yield* elements(child);
  if (node.content) yield* elements(node.content);
}

function children(node: Node, tag: string): Element[] {
  return (node.childNodes ?? []).filter(
    (child): child is Element => isElement(child) && child.tagName === tag,
  );
}

function find(node: Node, predicate: (element: Element) => boolean): Element | undefined {
  for (const element of elements(node)) if (predicate(element)) return element;
  return undefined;
}

function classOf(element: Element): string[] {
  return (element.attrs.find((attr) => attr.name === 'class')?.value ?? '').split(/\s+/);
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return node.value ?? '';
  return (node.childNodes ?? []).map(textOf).join('');
}

/** Each body row of a table as its cells' text (header cell first). */
function rowsOf(table: Element): string[][] {
  const body = find(table, (element) => element.tagName === 'tbody')!;
  return body.childNodes
    .filter((node): node is Element => 'tagName' in node && node.tagName === 'tr')
    .map((row) =>
      row.childNodes
        .filter(
          (node): node is Element => 'tagName' in node && (node.tagName === 'td' || node.tagName === 'th'),
        )
        .map((cell) => textOf(cell).trim()),
    );
}

function percent(passed: number, failed: number): string {
  return passed + failed === 0 ? '—' : `${Math.floor((passed / (passed + failed)) * 100)}%`;
}

interface JsonStageCounts {
  stage: number;
  passed: number;
  failed: number;
  exempt: number;
  errors: number;
}

function check(args: string[], cwd: string) {
  const html = runCli(['check', '--format', 'html', '--fail-on', 'none', ...args], { cwd });
  assert.equal(html.status, 0, html.stderr);
  const json = runCli(['check', '--format', 'json', '--fail-on', 'none', ...args], { cwd });
  assert.equal(json.status, 0, json.stderr);
  return { html: html.stdout, report: JSON.parse(json.stdout), document: parse(html.stdout) };
}

describe('kube-maturity check --format html', () => {
  before(async () => {
    const parse5 = await import('parse5');
    parse = (html, options) => parse5.parse(html, options) as unknown as Node;
  });

  it('is one well-formed page that loads nothing: no script, no remote URL, a CSP that allows neither', () => {
    const { html } = check(['.'], EXAMPLES);
    assert.deepEqual(wellFormednessErrors(html), []);
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;"\/>/,
    );
    assert.doesNotMatch(html, /<script|<link|<iframe|<img|<object|<embed|@import|url\(/i);
    assert.doesNotMatch(html, /(?:src|href)\s*=\s*"(?:https?:)?\/\//i);
    assert.doesNotMatch(html, /https?:\/\//);
    // The ladder is an image with a text alternative; the numbers are in tables too.
    assert.match(html, /<svg class="ladder" role="img" aria-labelledby="r0-svg-title r0-svg-desc"/);
    assert.match(html, /<desc id="r0-svg-desc">Stage 1 Prepare: met\. Stage 2 Transform: /);
  });

  for (const model of ['fairwinds', 'cncf'] as const) {
    it(`shows the JSON report's verdict, stages and next steps (${model} lens)`, () => {
      const { document, report } = check(['--model', model, '.'], EXAMPLES);
      const unit = model === 'cncf' ? 'Level' : 'Stage';
      const verdict = textOf(find(document, (element) => classOf(element).includes('verdict'))!);
      assert.equal(
        verdict,
        `${unit} ${report.stage.stage} of ${model === 'cncf' ? 5 : 7} · ${report.stage.name}${report.stage.label ? ` (${report.stage.label})` : ''} · score ${report.score}`,
      );
      const stages = rowsOf(find(document, (element) => classOf(element).includes('stages'))!);
      assert.equal(stages.length, report.stage.stages.length);
      report.stage.stages.forEach(
        (stage: JsonStageCounts & { name: string; met: boolean; evidenced: boolean }, index: number) => {
          const status = !stage.evidenced ? 'not evidenced' : stage.met ? 'met' : 'not met';
          assert.deepEqual(stages[index].slice(0, 7), [
            `${stage.stage} · ${stage.name}`,
            `${status === 'met' ? '✓' : status === 'not met' ? '✗' : '–'} ${status}`,
            stage.evidenced ? percent(stage.passed, stage.failed) : '—',
            String(stage.passed),
            String(stage.failed),
            String(stage.exempt),
            String(stage.errors),
          ]);
        },
      );
      const steps = find(
        document,
        (element) => element.tagName === 'ol' && classOf(element).includes('steps'),
      )!;
      const items = steps.childNodes.filter(
        (node): node is Element => 'tagName' in node && node.tagName === 'li',
      );
      assert.equal(items.length, report.stage.nextSteps.length);
      assert.ok(items.length > 0);
      report.stage.nextSteps.forEach((step: { control: string; failed: number }, index: number) => {
        const text = textOf(items[index]);
        assert.ok(text.includes(step.control), text);
        assert.match(text, new RegExp(` · ${step.failed} failed checks?`));
        // Each file listed has as many findings as the JSON report gives that control there.
        const places = children(items[index], 'ul').flatMap((list) => children(list, 'li'));
        assert.ok(places.length > 0, `${step.control}: no file`);
        for (const entry of places) {
          // One finding: file:line; several: the file, how many, and the line of the first.
          const text = textOf(entry);
          const one = /^(\S+):(\d+) · (1) finding$/.exec(text);
          const several = /^(\S+) · (\d+) findings, the first at line (\d+)$/.exec(text);
          const place = one ?? (several && [several[0], several[1], several[3], several[2]]);
          assert.ok(place, text);
          const inFile = report.findings.filter(
            (finding: { control: string; file: string; exempt?: unknown }) =>
              finding.control === step.control && finding.file === place[1] && !finding.exempt,
          );
          assert.equal(inFile.length, Number(place[3]), `${step.control} in ${place[1]}`);
          assert.equal(inFile[0].line, Number(place[2]));
        }
      });
    });
  }

  it("breaks the stages down by namespace and by folder with the JSON report's counts", () => {
    const { document, report } = check(['.'], EXAMPLES);
    const [byNamespace, byFolder] = [...elements(document)].filter((element) =>
      classOf(element).includes('heat-table'),
    );
    for (const [table, rows, key] of [
      [byNamespace, report.breakdown.namespaces, 'namespace'],
      [byFolder, report.breakdown.folders, 'folder'],
    ] as const) {
      const shown = rowsOf(table);
      assert.ok(rows.length >= 3, `${key}: ${rows.length}`);
      assert.equal(shown.length, rows.length);
      rows.forEach((row: Record<string, string> & { stages: JsonStageCounts[] }, index: number) => {
        assert.equal(shown[index][0], row[key] || '(no namespace)');
        // Stage 1 has no checks of its own: its column is left out; the others in order.
        assert.equal(shown[index].length, 1 + 6);
        row.stages.slice(1).forEach((stage, column) => {
          const cell = shown[index][column + 1];
          const coverage = percent(stage.passed, stage.failed);
          assert.ok(cell.includes(coverage), `${row[key]} stage ${stage.stage}: ${cell}`);
          const errors =
            stage.errors === 0
              ? ''
              : stage.errors === 1
                ? ', one is an error'
                : `, ${stage.errors} are errors`;
          assert.ok(
            cell.includes(`${stage.passed} passed, ${stage.failed} failed${errors}, ${stage.exempt} exempt`),
            `${row[key]} stage ${stage.stage}: ${cell}`,
          );
        });
      });
    }
  });

  it('without a workload: checks that fail are not "nothing to fix", and stages it cannot judge say why, in every cell', () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-html-'));
    writeFileSync(
      join(directory, 'rbac.yaml'),
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [pods/exec, pods/attach]
    verbs: [create]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: production
`,
    );
    const { html, report, document } = check(['.'], directory);
    const failing = (report.stage.stages as JsonStageCounts[]).reduce(
      (total, stage) => total + stage.failed,
      0,
    );
    assert.ok(failing > 0);
    assert.equal(report.stage.nextSteps.length, 0);
    assert.doesNotMatch(html, /Nothing to fix/);
    assert.match(
      html,
      new RegExp(
        `No fix raises the verdict now: no workload in these manifests[^<]*\\. ${failing} checks? of other stages fail`,
      ),
    );
    const stages = rowsOf(find(document, (element) => classOf(element).includes('stages'))!);
    for (const row of stages.slice(1, 5)) {
      assert.match(row[1], /not evidenced/);
      if (Number(row[3]) > 0)
        assert.match(row[7], /^Not judged: this stage judges workloads and these manifests have none/);
    }
    // The heat tables agree: a stage the verdict cannot judge is judged nowhere.
    const [byNamespace] = [...elements(document)].filter((element) =>
      classOf(element).includes('heat-table'),
    );
    for (const row of rowsOf(byNamespace)) for (const cell of row.slice(1, 5)) assert.match(cell, /^—/);
  });

  it('names the files it could not check, and dates the page by SOURCE_DATE_EPOCH only when it is whole seconds', () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-html-'));
    writeFileSync(
      join(directory, 'bad.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [broken\n',
    );
    writeFileSync(join(directory, 'good.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n');
    const dated = runCli(['check', '--format', 'html', '--fail-on', 'none', '.'], {
      cwd: directory,
      env: { SOURCE_DATE_EPOCH: '1700000000' },
    });
    assert.equal(dated.status, 0, dated.stderr);
    assert.match(dated.stdout, /· 2023-11-14 22:13 UTC ·/);
    assert.match(dated.stdout, /1 file problem \(what is past them is not checked\): bad\.yaml:\d+ /);
    for (const epoch of ['99999999999999', 'abc', '1.5', '-5']) {
      const run = runCli(['check', '--format', 'html', '--fail-on', 'none', '.'], {
        cwd: directory,
        env: { SOURCE_DATE_EPOCH: epoch },
      });
      assert.equal(run.status, 0, `${epoch}: ${run.stderr}`);
      assert.match(run.stderr, /SOURCE_DATE_EPOCH must be whole seconds since 1970/);
      assert.match(run.stdout, /<\/html>\n$/);
    }
  });

  it('past 40 namespaces, keeps those with failed checks and says how many are left out', () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-html-'));
    const role = (namespace: string, resources: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: ${namespace}
rules:
  - apiGroups: [""]
    resources: [${resources}]
    verbs: [get, create]
`;
    // Each passing namespace has more checks than the failing one (two Roles against one).
    for (let index = 0; index < 45; index++) {
      const namespace = `ns-${String(index).padStart(2, '0')}`;
      writeFileSync(
        join(directory, `${namespace}.yaml`),
        `${role(namespace, 'configmaps')}---\n${role(namespace, 'services').replace('name: reader', 'name: auditor')}`,
      );
    }
    writeFileSync(join(directory, 'zz.yaml'), role('zz-debug', 'pods/exec'));
    const { document, report, html } = check(['.'], directory);
    assert.equal(report.breakdown.namespaces.length, 46);
    const checksOf = (row: { stages: JsonStageCounts[] }) =>
      row.stages.reduce((total, stage) => total + stage.passed + stage.failed + stage.exempt, 0);
    const rows = report.breakdown.namespaces as Array<{ namespace: string; stages: JsonStageCounts[] }>;
    assert.ok(checksOf(rows.find((row) => row.namespace === 'zz-debug')!) < checksOf(rows[0]));
    const failing = report.breakdown.namespaces.filter((row: { stages: JsonStageCounts[] }) =>
      row.stages.some((stage) => stage.failed > 0),
    );
    assert.deepEqual(
      failing.map((row: { namespace: string }) => row.namespace),
      ['zz-debug'],
    );
    const [byNamespace] = [...elements(document)].filter((element) =>
      classOf(element).includes('heat-table'),
    );
    const shown = rowsOf(byNamespace).map((row) => row[0]);
    assert.equal(shown.length, 40);
    assert.ok(shown.includes('zz-debug'), 'the namespace with the failed check is left out');
    assert.match(
      html,
      /And 6 more namespaces, not shown: the 40 with the most failed checks, then the most checks, are\./,
    );
  });

  it('says when the verdict is below --min-stage, as the exit code does', () => {
    const below = runCli(['check', '--format', 'html', '--fail-on', 'none', '--min-stage', '7', '.'], {
      cwd: EXAMPLES,
    });
    assert.equal(below.status, 1);
    assert.match(below.stdout, /Below --min-stage 7: the inferred stage is \d, so this check fails\./);
    const meets = runCli(['check', '--format', 'html', '--fail-on', 'none', '--min-stage', '2', '.'], {
      cwd: EXAMPLES,
    });
    assert.equal(meets.status, 0, meets.stderr);
    assert.match(meets.stdout, /Meets --min-stage 2\./);
  });

  it('escapes what the manifests say: a name cannot add markup to the page', () => {
    const directory = mkdtempSync(join(tmpdir(), 'kube-maturity-html-'));
    writeFileSync(
      join(directory, 'odd.yaml'),
      `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: "</td><script>alert(1)</script>"
spec:
  containers:
    - name: web
      image: nginx
`,
    );
    const { html } = check(['.'], directory);
    assert.deepEqual(wellFormednessErrors(html), []);
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /&lt;\/td&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});
