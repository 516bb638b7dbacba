/**
 * The truth for the template mapping: a copy of a chart in which every template and helper line that
 * writes a key is tagged with a YAML comment naming it (`# @T:file:line`), and every splice
 * (`{{- include … | nindent N }}`, `{{- toYaml … | nindent N }}`) with `# @S:file:line` in front of its
 * action. Helm keeps comments, so each rendered key's line says where it was written; a key that no tag
 * names came from the nearest splice above it. No line is added or removed: the tagged chart's line
 * numbers are the chart's.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isMap, isPair, isScalar, parseAllDocuments, visit } from 'yaml';
import { ChartTemplates } from '../../server/src/render/chartTemplates';
import { type RenderedStep, renderedPathAt } from '../../server/src/render/templateMap';

const ACTIONS = /\{\{[^}]*(?:\}(?!\})[^}]*)*\}\}/g;

function tagLine(text: string, tag: string): string {
  const actions = text.match(ACTIONS) ?? [];
  const plain = text.replace(ACTIONS, '').trim();
  const nindent = actions.some((action) => /\bnindent\b/.test(action));
  // A splice alone on its line: the tag goes in front of the action, on the line's own indentation.
  if (plain === '' && nindent && /^\s*\{\{-/.test(text)) {
    const indent = text.length - text.trimStart().length;
    return `${text.slice(0, indent)}# @S:${tag} ${text.slice(indent)}`;
  }
  if (nindent || plain === '' || plain.startsWith('#')) return text;
  // A key or an item: the tag after it (unless the line opens a block scalar, whose content follows).
  if (!/^\s*(?:- )*[^\s#][^:#]*:(?:\s|$)|^\s*- /.test(text.replace(ACTIONS, 'x'))) return text;
  if (/[|>][-+]?\d*\s*$/.test(text)) return text;
  return `${text} # @T:${tag}`;
}

/** A tagged copy of the chart (its folder); file tags are paths relative to the chart. */
export function instrumentChart(chartDir: string): string {
  const copy = join(
    mkdtempSync(join(tmpdir(), 'kube-maturity-instrumented-')),
    relative(join(chartDir, '..'), chartDir),
  );
  cpSync(chartDir, copy, { recursive: true });
  for (const [name, text] of new ChartTemplates(copy).texts) {
    const lines = text.split('\n');
    let blockScalarIndent = -1;
    const tagged = lines.map((line, index) => {
      const indent = line.length - line.trimStart().length;
      if (blockScalarIndent >= 0) {
        if (line.trim() === '' || indent > blockScalarIndent) return line;
        blockScalarIndent = -1;
      }
      if (/:\s*[|>][-+]?\d*\s*$/.test(line)) blockScalarIndent = indent;
      return tagLine(line, `${name}:${index}`);
    });
    writeFileSync(join(copy, name), tagged.join('\n'));
  }
  return copy;
}

/** Where a rendered key was written, by its tag: file relative to the chart and 0-based line. */
export interface KeyTruth {
  path: RenderedStep[];
  file: string;
  line: number;
  /** From a splice's tag (toYaml, include, other output), not from a tag of its own. */
  spliced: boolean;
}

/** Every key of a rendered document of the tagged chart, with where its tag says it was written. */
export function keyTruths(documentText: string): KeyTruth[] {
  const lines = documentText.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const lineAt = (at: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const truths: KeyTruth[] = [];
  const [document] = parseAllDocuments(documentText);
  if (!document || !isMap(document.contents)) return truths;
  visit(document, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
      const at = pair.key.range[0];
      const line = lineAt(at);
      const indent = lines[line].length - lines[line].trimStart().length;
      const own = /# @T:(.+):(\d+)\s*$/.exec(lines[line]);
      let truth: { file: string; line: number; spliced: boolean } | undefined;
      if (own && lines[line].indexOf('# @T:') > lines[line].indexOf(String(pair.key.value)))
        truth = { file: own[1], line: Number(own[2]), spliced: false };
      else
        for (let above = line - 1; above >= 0 && !truth; above--) {
          const text = lines[above];
          const splice = /# @S:(.+):(\d+)/.exec(text);
          if (splice) truth = { file: splice[1], line: Number(splice[2]), spliced: true };
          else if (/# @T:/.test(text) && text.length - text.trimStart().length < indent) break;
        }
      if (truth) truths.push({ path: renderedPathAt(document.contents, at), ...truth });
    },
  });
  return truths;
}
