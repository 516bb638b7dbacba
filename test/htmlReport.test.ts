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
          const place = /^(\S+):(\d+) · (\d+) findings?$/.exec(textOf(entry))!;
          assert.ok(place, textOf(entry));
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
        row.stages.forEach((stage, column) => {
          const cell = shown[index][column + 1];
          const coverage = percent(stage.passed, stage.failed);
          assert.ok(cell.includes(coverage), `${row[key]} stage ${stage.stage}: ${cell}`);
          assert.ok(
            cell.includes(`${stage.passed} passed, ${stage.failed} failed, ${stage.exempt} exempt`),
            `${row[key]} stage ${stage.stage}: ${cell}`,
          );
        });
      });
    }
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
