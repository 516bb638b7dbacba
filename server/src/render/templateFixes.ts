/**
 * A rendered chart's fix as a fix of the chart. The engine's fix edits the rendered document; what it
 * changes (keys added, values set or removed, items appended, objects added) is read by comparing the
 * document before and after it, and each change is written where the chart writes that field: a mapping
 * the template writes literally gets the new key as its first child, at the template's indentation; a
 * field that comes from `.Values.x` is edited in the values file that defines `x`; a new object becomes a
 * new template. Anything else (a helper's include, a `range`, text derived from the release or the chart)
 * is withheld with the reason. A proposal is offered once the chart, re-rendered with its edits, renders
 * and no longer has the finding.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ChartRenderSetting } from '../engine/config';
import { stricterClass } from '../engine/control';
import { renderBlockEntries } from '../engine/fix/block';
import { scalarText } from '../engine/fix/scalar';
import type { FixEntries, FixValue } from '../engine/fix/value';
import { Fixer } from '../engine/fixer';
import { deref, getPair, type YPair } from '../engine/nodes';
import { type ParsedFile, parseFile } from '../engine/parse';
import type { Finding, FindingFix, ReportedProblem } from '../engine/result';
import { applyTextEdits, LineIndex, type OffsetEdit } from '../engine/text';
import { checkWorkspace, type SourceFile } from '../engine/workspace';
import {
  type Change,
  compare,
  copiedText,
  eachInParallel,
  FileEdits,
  type FixCounts,
  type FixOfferOptions,
  FixRounds,
  type FixRunOptions,
  type FixVerdict,
  isFixValue,
  keyRenameEdit,
  pathText,
  pickVerified,
  placesText,
  type ReadFile,
  type RenderedFixProposal,
  type RenderedFixRun,
  sameFinding,
  scalarKey,
  settleOffer,
  textsOf,
  toValue,
  WorkspaceFindings,
} from './renderedFixes';

export type { ReadFile } from './renderedFixes';

import { mapRenderedFindings, renderCharts } from './charts';
import { ChartTemplates } from './chartTemplates';
import type { ChartRender, RenderLimits } from './helm';
import { renderChart } from './helm';
import { FindingPlacer } from './placement';
import {
  type PathTarget,
  type RenderedStep,
  reach,
  renderedPathAt,
  renderedValueAt,
  type Skeleton,
  type SkeletonNode,
} from './templateMap';

/** A chart as it was rendered, for its fixes: its folder, the render's arguments, its values files. */
export interface RenderedChart {
  /** The chart folder as the checked paths name it ('.' for the checked folder). */
  path: string;
  /** Its folder on disk. */
  dir: string;
  render: ChartRender;
  /** The values files, as the checked paths name them: the chart's values.yaml, then the configured ones. */
  valuesFiles: readonly string[];
}

/** What a proposal reads of a rendered document (charts.ts's RenderedFile). */
export interface RenderedSource {
  text: string;
  skeleton?: Skeleton;
  defines: ReadonlyMap<string, Skeleton>;
  templatePath: string;
  chart: RenderedChart;
}

export type ChartFixProposal = RenderedFixProposal;

export type ChartFixOutcome = ChartFixProposal | { withheld: string };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WITH_VALUES = /^\s*\{\{-?\s*with\s+\$?\.Values((?:\.[A-Za-z_][\w-]*)+)\s*-?\}\}\s*$/;
const TOYAML_DOT = /\btoYaml\s+\.\s*\|/;
const ONE_VALUES_ACTION = /^"?\{\{-?\s*\$?\.Values((?:\.[A-Za-z_][\w-]*)+)\s*(?:\|[^{}]*)?-?\}\}"?$/;
/** A plain or quoted key and its colon at the start of a text. */
const KEY_COLON = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#"'\s][^:#]*):[ \t]*/;

type ValuesOp =
  | { kind: 'merge'; entries: FixEntries }
  | { kind: 'set'; value: FixValue }
  | { kind: 'remove' }
  | { kind: 'rename'; to: string }
  | { kind: 'append'; items: Array<string | number | boolean> };

/** Writes each change of a rendered document where its chart writes it. */
class ChartFixWriter {
  readonly edits: FileEdits;
  private readonly prefix: string;
  private templateLines?: string[];
  private renderedLayout?: ParsedFile;
  private readonly names: RegExp[] = [];
  private readonly versions: string[] = [];
  private readonly derived = new Map<string, boolean>();

  constructor(
    private readonly rendered: RenderedSource,
    private readonly skeleton: Skeleton,
    private readonly before: unknown,
    private readonly afterText: string,
    read: ReadFile,
  ) {
    this.edits = new FileEdits(read);
    this.prefix = rendered.chart.path === '.' ? '' : `${rendered.chart.path}/`;
    const chartYaml = this.edits.text(`${this.prefix}Chart.yaml`);
    const chart = chartYaml === undefined ? undefined : (parseDocument(chartYaml).toJSON() as unknown);
    const field = (key: string) => {
      const value = chart && typeof chart === 'object' ? (chart as Record<string, unknown>)[key] : undefined;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    };
    const { release, namespace } = rendered.chart.render;
    for (const name of [release, namespace, field('name')])
      if (name) this.names.push(new RegExp(`(?:^|[^A-Za-z0-9])${escapeRegExp(name)}(?:[^A-Za-z0-9]|$)`));
    for (const version of [field('version'), field('appVersion')])
      if (version && version.length >= 3) this.versions.push(version);
  }

  private get lines(): string[] {
    this.templateLines ??= (this.edits.text(this.rendered.templatePath) ?? '').split(/\r?\n/);
    return this.templateLines;
  }

  private chartRelative(path: string): string {
    return this.prefix !== '' && path.startsWith(this.prefix) ? path.slice(this.prefix.length) : path;
  }

  /** Why a value may not be written into the chart: rendered text it would copy, if any. */
  /**
   * `at`: the path a scalar is set at; the text it has there already is not copied (the value is only
   * re-typed: `"9090"` unquoted, `4` quoted).
   */
  copied(value: unknown, at?: readonly RenderedStep[]): string | undefined {
    const texts = textsOf(value, new Set());
    const there = at ? renderedValueAt(this.before, at) : undefined;
    if (isScalar(there) && there.value !== null) texts.delete(String(there.value));
    for (const text of texts) {
      if (this.names.some((name) => name.test(text)) || this.versions.some((v) => text.includes(v)))
        return `it would write the rendered text "${text}" (the release or the chart) into the chart`;
    }
    const found = copiedText(this.before, texts, (text, path) => this.derivedAt(text, path));
    return found === undefined
      ? undefined
      : `it would write "${found}", which the chart renders from values, a helper or the release, into the chart`;
  }

  /** Whether the template does not write a rendered scalar literally (it comes from values, a helper, the release). */
  private derivedAt(text: string, path: readonly RenderedStep[]): boolean {
    let derived = this.derived.get(text);
    if (derived === undefined) {
      const target = reach(this.skeleton, path, this.rendered.defines);
      derived =
        target.skeleton !== this.skeleton || target.written < path.length || target.node.literal !== text;
      this.derived.set(text, derived);
    }
    return derived;
  }

  /** Why a node cannot be edited in the template, when it is a helper's or a loop's. */
  private notOwn(target: PathTarget, node: SkeletonNode, what: string): string | undefined {
    if (target.skeleton !== this.skeleton)
      return target.skeleton.define
        ? `${what} is written by the helper "${target.skeleton.define}" (${target.skeleton.file}), which other templates may include`
        : `${what} is written by another file (${target.skeleton.file})`;
    if (node.repeated) return `${what} is written inside a range loop: one template line writes every item`;
    return undefined;
  }

  /** The values path a splice writes: `toYaml .Values.x`, or `toYaml .` under `with .Values.x` before its key. */
  private spliceValues(splice: SkeletonNode | undefined, parent: SkeletonNode): string | undefined {
    if (!splice?.splice || splice.splice.include) return undefined;
    if (splice.splice.valuesPath) return splice.splice.valuesPath;
    if (!TOYAML_DOT.test(this.lines[splice.line] ?? '') || parent.line <= 0 || parent.key === undefined)
      return undefined;
    return WITH_VALUES.exec(this.lines[parent.line - 1] ?? '')?.[1]?.slice(1);
  }

  /**
   * The values path of a node whose children are all written from values (`resources:` over `toYaml
   * .Values.resources`); among literal siblings a splice may write something else (the items of a list).
   */
  private valuesChild(node: SkeletonNode): string | undefined {
    if (node.children.length === 0 || node.children.some((child) => !child.splice)) return undefined;
    for (const child of node.children) {
      const path = this.spliceValues(child, node);
      if (path) return path;
    }
    return undefined;
  }

  /**
   * What writes a rendered path: the template's own node for it, or else the values edit `op` where a
   * splice of values writes it (its result), or why neither can be edited.
   */
  private writer(
    path: readonly RenderedStep[],
    subject: string,
    op: ValuesOp,
    valid = true,
  ): { node: SkeletonNode } | { result: string | undefined } {
    const target = reach(this.skeleton, path, this.rendered.defines);
    const { node } = target;
    const whole = target.written === path.length;
    const refused = this.notOwn(target, whole ? node : (target.splice ?? node), subject);
    if (refused) return { result: refused };
    if (whole) return { node };
    const valuesPath = this.spliceValues(target.splice, node);
    if (!valuesPath) return { result: `${subject} is written by ${this.action(target.splice ?? node)}` };
    const rest = (target.rest ?? path.slice(target.written)).map(stepKey);
    return { result: this.values([...valuesPath.split('.'), ...rest], op, valid) };
  }

  /**
   * A fix that rewrites one scalar of the rendered document (a key renamed, a value re-cased, quoted or
   * unquoted), made on the template line that writes it: the same text where the line writes it
   * literally, the quotes around a value's action removed or added. False when the line does not write
   * it so: the change is then made as any other.
   */
  inPlace(edit: OffsetEdit, contents: unknown, renderedText: string): boolean {
    if (/[\r\n]/.test(edit.newText)) return false;
    const path = renderedPathAt(contents, edit.start);
    const last = path[path.length - 1];
    const parent = renderedValueAt(contents, path.slice(0, -1));
    if (!last || !('key' in last) || !isMap(parent)) return false;
    const pair = getPair(parent, last.key);
    if (!pair) return false;
    const spans = (node: unknown) => (node as { range?: number[] } | null)?.range;
    const onKey = spans(pair.key)?.[0] === edit.start && spans(pair.key)?.[1] === edit.end;
    const onValue =
      isScalar(pair.value) && spans(pair.value)?.[0] === edit.start && spans(pair.value)?.[1] === edit.end;
    if (!onKey && !onValue) return false;
    const target = reach(this.skeleton, path, this.rendered.defines);
    if (target.skeleton !== this.skeleton || target.written !== path.length || target.node.key !== last.key)
      return false;
    const { node } = target;
    const line = this.lines[node.line] ?? '';
    const rest = line.slice(node.column);
    const written = renderedText.slice(edit.start, edit.end);
    const start = this.templateIndex().lineStart(node.line) + node.column;
    let templateEdit: OffsetEdit | undefined;
    if (onKey) {
      if (rest.startsWith(written) && /^\s*:/.test(rest.slice(written.length)))
        templateEdit = { start, end: start + written.length, newText: edit.newText };
    } else {
      const colon = KEY_COLON.exec(rest);
      const value = colon ? withoutComment(rest.slice(colon[0].length)).trimEnd() : undefined;
      if (colon && value) {
        const valueStart = start + colon[0].length;
        const unquoted = /^(["'])(\{\{[^\r\n]*\}\})\1$/.exec(value);
        if (value === written)
          templateEdit = { start: valueStart, end: valueStart + value.length, newText: edit.newText };
        else if (unquoted && !/^["']/.test(edit.newText))
          templateEdit = { start: valueStart, end: valueStart + value.length, newText: unquoted[2] };
        else if (/^\{\{[^"'\r\n]*\}\}$/.test(value) && /^"/.test(edit.newText) && !/^["']/.test(written))
          templateEdit = { start: valueStart, end: valueStart + value.length, newText: `"${value}"` };
        else if (/^["']/.test(written) && !/^["']/.test(edit.newText)) {
          const unpiped = withoutQuotePipe(value);
          if (unpiped) templateEdit = { start: valueStart, end: valueStart + value.length, newText: unpiped };
        }
      }
    }
    if (!templateEdit) return false;
    this.edits.edit(
      this.rendered.templatePath,
      [templateEdit],
      this.chartRelative(this.rendered.templatePath),
    );
    return true;
  }

  apply(change: Change): string | undefined {
    switch (change.kind) {
      case 'add':
        return this.add(change.parent, change.key, change.pair);
      case 'set':
        return this.set(change.path, change.node);
      case 'remove':
        return this.remove(change.path);
      case 'rename':
        return this.rename(change.path, change.to);
      case 'append':
        return this.append(change.path, change.items);
      case 'replace':
        return `it replaces ${pathText(change.path) || 'the document'} whole`;
    }
  }

  private add(parent: RenderedStep[], key: string, pair: YPair): string | undefined {
    const value = toValue(pair.value);
    const subject = pathText([...parent, { key }]);
    const copied = this.copied(value);
    if (copied) return copied;
    const merge: ValuesOp = { kind: 'merge', entries: { [key]: value as FixValue } };
    const found = this.writer(parent, subject, merge, isFixValue(value));
    if ('result' in found) return found.result;
    const { node } = found;
    const splice = this.valuesChild(node);
    if (splice) return this.values(splice.split('.'), merge, isFixValue(value));
    const same = node.children.find((child) => child.key === key);
    if (same) {
      // The template writes the key itself, under a condition the render did not meet.
      const only = same.children.length === 1 ? same.children[0] : undefined;
      const valuesPath = only ? this.spliceValues(only, same) : undefined;
      if (valuesPath && value !== null && typeof value === 'object' && !Array.isArray(value))
        return this.values(
          valuesPath.split('.'),
          { kind: 'merge', entries: value as FixEntries },
          isFixValue(value),
        );
      return `the template writes ${subject} itself on line ${same.line + 1}, under a condition`;
    }
    return this.insert(node, [pair]);
  }

  private set(path: RenderedStep[], after: unknown): string | undefined {
    const value = toValue(after);
    const subject = pathText(path);
    const copied = this.copied(value, path);
    if (copied) return copied;
    if (!isFixValue(value)) return `${subject} would be set to a value the chart cannot hold`;
    const found = this.writer(path, subject, { kind: 'set', value });
    if ('result' in found) return found.result;
    const { node } = found;
    if (typeof value === 'object') {
      if (isMap(after) && node.block && node.children.length === 0)
        return this.insert(node, after.items as YPair[]);
      return `${subject} would become a collection where the template writes ${this.action(node)}`;
    }
    const span = this.valueSpan(node);
    if (!span) return `${subject} is not written on one line of the template`;
    const written = this.lines[node.line].slice(span[0], span[1]);
    if (node.literal !== undefined) {
      const style = written.startsWith('"')
        ? 'QUOTE_DOUBLE'
        : written.startsWith("'")
          ? 'QUOTE_SINGLE'
          : undefined;
      return this.templateEdit(
        node.line,
        span,
        scalarText(value, false, style),
        this.chartRelative(this.rendered.templatePath),
      );
    }
    const values = ONE_VALUES_ACTION.exec(written);
    if (values) return this.values(values[1].slice(1).split('.'), { kind: 'set', value });
    return `${subject} is written by ${this.action(node)}`;
  }

  private rename(path: RenderedStep[], to: string): string | undefined {
    const subject = pathText(path);
    const found = this.writer(path, subject, { kind: 'rename', to });
    if ('result' in found) return found.result;
    const { node } = found;
    const from = stepKey(path[path.length - 1]);
    const key = keyTextAt((this.lines[node.line] ?? '').slice(node.column));
    if (node.key !== from || !key || keyName(key) !== from)
      return `${subject} is written by ${this.action(node)}`;
    return this.templateEdit(
      node.line,
      [node.column, node.column + key.length],
      renamedKey(key, to),
      this.chartRelative(this.rendered.templatePath),
    );
  }

  private remove(path: RenderedStep[]): string | undefined {
    const subject = pathText(path);
    const found = this.writer(path, subject, { kind: 'remove' });
    if ('result' in found) return found.result;
    const { node } = found;
    const line = this.lines[node.line] ?? '';
    if (
      node.literal === undefined ||
      node.children.length > 0 ||
      node.item ||
      line.slice(0, node.column).trim()
    )
      return `${subject} is not a line of its own in the template`;
    const lines = this.templateIndex();
    const start = lines.lineStart(node.line);
    const end = lines.lineStart(node.line + 1);
    if (end <= start) return `${subject} is the template's last line`;
    this.edits.edit(
      this.rendered.templatePath,
      [{ start, end, newText: '' }],
      this.chartRelative(this.rendered.templatePath),
    );
    return undefined;
  }

  private append(path: RenderedStep[], items: unknown[]): string | undefined {
    const subject = pathText(path);
    const copied = this.copied(items);
    if (copied) return copied;
    if (!items.every((item) => ['string', 'number', 'boolean'].includes(typeof item)))
      return `${subject} would get items that are not scalars`;
    const scalars = items as Array<string | number | boolean>;
    const found = this.writer(path, subject, { kind: 'append', items: scalars });
    if ('result' in found) return found.result;
    const { node } = found;
    const splice = this.valuesChild(node);
    if (splice) return this.values(splice.split('.'), { kind: 'append', items: scalars });
    const first = node.children[0];
    if (!node.block || !first?.item || node.children.some((child) => !child.item))
      return `${subject} is not a list the template writes item by item`;
    const lines = this.templateIndex();
    const at = lines.lineStart(first.line);
    const indent = ' '.repeat(first.column);
    const eol = this.eol();
    const newText = scalars.map((item) => `${indent}- ${scalarText(item, false)}${eol}`).join('');
    this.edits.edit(
      this.rendered.templatePath,
      [{ start: at, end: at, newText }],
      this.chartRelative(this.rendered.templatePath),
    );
    return undefined;
  }

  /** A new object: a new template of the chart, named after its kind. */
  newObject(text: string): string | undefined {
    const body = text.replace(/^\r?\n/, '');
    if (body.includes('{{')) return 'the new object holds "{{", which Helm would read as a template action';
    const document = parseDocument(body);
    if (document.errors.length > 0) return 'the new object is not valid YAML';
    const value = document.toJSON() as Record<string, unknown> | null;
    const copied = this.copied(value);
    if (copied) return copied;
    const kind = value && typeof value.kind === 'string' ? value.kind.toLowerCase() : 'object';
    const folder = `${this.prefix}templates/`;
    let path = `${folder}${kind}.yaml`;
    for (let n = 2; this.edits.exists(path); n++) path = `${folder}${kind}-${n}.yaml`;
    this.edits.create(path, body, `a new template ${this.chartRelative(path)}`);
    return undefined;
  }

  /** What writes a node, for a reason: its include, its action, or its line. */
  private action(node: SkeletonNode): string {
    if (node.splice?.include) return `{{ include "${node.splice.include}" }} on line ${node.line + 1}`;
    return `a template action on line ${node.line + 1}`;
  }

  private eol(): string {
    return this.edits.text(this.rendered.templatePath)?.includes('\r\n') ? '\r\n' : '\n';
  }

  private templateIndex(): LineIndex {
    return new LineIndex(this.edits.text(this.rendered.templatePath) ?? '');
  }

  /** The columns of a node's scalar value on its line (after `key:`, or after an item's dash). */
  private valueSpan(node: SkeletonNode): [number, number] | undefined {
    const line = this.lines[node.line];
    if (line === undefined) return undefined;
    let start: number;
    if (node.item) {
      if (line[node.column] !== '-') return undefined;
      start = node.column + 1;
    } else {
      const key = KEY_COLON.exec(line.slice(node.textColumn));
      if (!key) return undefined;
      start = node.textColumn + key[0].length;
    }
    while (line[start] === ' ' || line[start] === '\t') start++;
    let end = line.length;
    const quote = line[start];
    if (quote === '"' || quote === "'") {
      let close = start + 1;
      while (close < line.length && line[close] !== quote)
        close += line[close] === '\\' && quote === '"' ? 2 : 1;
      end = Math.min(close + 1, line.length);
    } else {
      const comment = [line.indexOf(' #', start), line.indexOf('\t#', start)].filter((at) => at >= 0);
      if (comment.length > 0) end = Math.min(...comment);
      while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    }
    return end > start ? [start, end] : undefined;
  }

  private templateEdit(line: number, span: [number, number], newText: string, place: string): undefined {
    const start = this.templateIndex().lineStart(line);
    this.edits.edit(
      this.rendered.templatePath,
      [{ start: start + span[0], end: start + span[1], newText }],
      place,
    );
    return undefined;
  }

  /**
   * Inserts pairs as the first children of a mapping the template writes: right after its key's line (an
   * item's: after its dash line), or after the document's `kind:` line, at its children's indentation.
   */
  private insert(node: SkeletonNode, pairs: readonly YPair[]): string | undefined {
    const root = node === this.skeleton.root;
    const lines = this.lines;
    let after: number | undefined;
    let before: number | undefined;
    const first = node.children.find((child) => child.key !== undefined || child.item || child.splice);
    if (root) {
      const kind = node.children.find(
        (child) => child.key === 'kind' && child.literal !== undefined && child.children.length === 0,
      );
      if (kind) after = kind.line;
      else if (first) before = first.line;
      else return 'the template writes no field of the document itself';
    } else if (node.item) {
      const own = node.children[0];
      if (!own || own.line !== node.line || own.block || own.children.length > 0)
        return `the item on line ${node.line + 1} does not start with a field on its own line`;
      after = node.line;
    } else {
      if (!node.block) return `${node.key} is written on one line (line ${node.line + 1})`;
      after = node.line;
    }
    if (after !== undefined && /-\}\}\s*$/.test(lines[after] ?? ''))
      return `line ${after + 1} ends with "-}}", which would join the new line to it`;
    const column = first ? first.column : root ? 0 : node.item ? node.children[0].column : node.column + 2;
    const indent = ' '.repeat(Math.max(0, column));
    const eol = this.eol();
    const text: string[] = [];
    for (const pair of pairs) {
      const written = this.pairLines(pair, indent);
      if (!written) return `${scalarKey(pair)} cannot be written as lines of the template`;
      text.push(...written);
    }
    const index = this.templateIndex();
    const edit =
      after !== undefined
        ? { start: index.lineEnd(after), end: index.lineEnd(after), newText: eol + text.join(eol) }
        : { start: index.lineStart(before!), end: index.lineStart(before!), newText: text.join(eol) + eol };
    this.edits.edit(this.rendered.templatePath, [edit], this.chartRelative(this.rendered.templatePath));
    return undefined;
  }

  /**
   * A pair's lines as the fix wrote them (its comments too), indented at `indent`; rendered anew in block
   * style when the fix wrote it inside other text (a flow mapping).
   */
  private pairLines(pair: YPair, indent: string): string[] | undefined {
    const afterLines = new LineIndex(this.afterText);
    const keyStart = (pair.key as { range?: [number, number, number] }).range?.[0];
    const valueEnd = (pair.value as { range?: [number, number, number] } | null)?.range?.[1];
    if (keyStart !== undefined) {
      const start = afterLines.position(keyStart);
      const end = afterLines.position(Math.max(keyStart, (valueEnd ?? keyStart + 1) - 1));
      const firstLine = afterLines.lineText(start.line);
      const column = start.character;
      const whole =
        firstLine.slice(0, column).trim() === '' &&
        afterLines
          .lineText(end.line)
          .slice(end.character + 1)
          .trim()
          .replace(/^#.*/, '') === '';
      if (whole) {
        const result: string[] = [];
        let line = start.line;
        for (; line <= end.line; line++) {
          const text = afterLines.lineText(line);
          if (text.trim() !== '' && text.search(/\S/) < column) return undefined;
          result.push(text.trim() === '' ? '' : indent + text.slice(column));
        }
        // The comment lines that follow, deeper than the key, are the fix's too (a draft's placeholder).
        for (; line < afterLines.lineCount; line++) {
          const text = afterLines.lineText(line);
          if (!/^\s*#/.test(text) || text.search(/\S/) <= column) break;
          result.push(indent + text.slice(column));
        }
        return result;
      }
    }
    const key = scalarKey(pair);
    const value = toValue(pair.value);
    if (key === undefined || !isFixValue(value)) return undefined;
    this.renderedLayout ??= parseFile('rendered.yaml', this.rendered.text);
    return renderBlockEntries(this.renderedLayout, { [key]: value }, indent);
  }

  /**
   * Edits the values file that defines `path` (the deepest part of it; a later file among equals), in the
   * file's own layout. `valid`: the value is one a values file can hold.
   */
  private values(path: readonly string[], op: ValuesOp, valid = true): string | undefined {
    const shown = path.join('.').replace(/\.\[/g, '[');
    if (!valid) return `${shown} would get a value without content (a placeholder) in the values`;
    let best: { path: string; file: ParsedFile; depth: number } | undefined;
    for (const candidate of this.rendered.chart.valuesFiles) {
      const text = this.edits.text(candidate);
      if (text === undefined) continue;
      const file = parseFile(candidate, text);
      const depth = definedDepth(file.documents[0]?.doc.contents, path);
      if (!best || depth >= best.depth) best = { path: candidate, file, depth };
    }
    if (!best) return `no values file of the chart can be read to set ${shown}`;
    const { file } = best;
    const root = file.documents[0]?.doc.contents;
    if (file.problems.length > 0 || file.documents.length !== 1 || !isMap(root))
      return `${this.chartRelative(best.path)} is not one mapping the fix can edit`;
    const fixer = new Fixer(file);
    // Inside a list item of the values, the edit is made in that item (which the values must hold).
    const cut = path.reduce((last, key, index) => (key.startsWith('[') ? index : last), -1);
    const base = cut < 0 ? root : valueAt(root, path.slice(0, cut + 1));
    const inBase = path.slice(cut + 1);
    if (!isMap(base) || (inBase.length === 0 && op.kind !== 'append' && op.kind !== 'merge'))
      return `${shown} is not a key of a mapping the values hold in ${this.chartRelative(best.path)}`;
    switch (op.kind) {
      case 'merge':
        for (const [key, value] of Object.entries(op.entries))
          fixer.set(base, [...inBase, key], value as FixValue);
        break;
      case 'set':
        fixer.set(base, inBase, op.value);
        break;
      case 'remove':
        if (best.depth < path.length) return `${shown} is not set in ${this.chartRelative(best.path)}`;
        fixer.removePath(base, inBase);
        break;
      case 'rename': {
        const parent = best.depth === path.length ? valueAt(root, path.slice(0, -1)) : undefined;
        const edit = keyRenameEdit(parent, path[path.length - 1], op.to);
        if (!edit)
          return `${shown} is not a key written in ${this.chartRelative(best.path)}, or ${op.to} is there already`;
        this.edits.edit(best.path, [edit], `${this.chartRelative(best.path)} (${shown})`);
        return undefined;
      }
      case 'append': {
        const seq = best.depth === path.length ? valueAt(root, path) : undefined;
        if (!isSeq(seq)) return `${shown} is not a list in ${this.chartRelative(best.path)}`;
        for (const item of op.items) fixer.appendItem(seq as YAMLSeq, item);
        break;
      }
    }
    const edits = fixer.result();
    if (!edits)
      return fixer.withheld ?? `${shown} cannot be edited in place in ${this.chartRelative(best.path)}`;
    this.edits.edit(best.path, edits, `${this.chartRelative(best.path)} (${shown})`);
    return undefined;
  }
}

/** A value's text before its comment (a `#` after a space, outside quotes); linear. */
function withoutComment(text: string): string {
  let quote: string | undefined;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (quote) {
      if (char === '\\' && quote === '"') at++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (at === 0 || /\s/.test(text[at - 1]))) return text.slice(0, at);
  }
  return text;
}

/** `{{ .Values.port | quote }}` without its last `| quote` (or `| squote`): the value rendered bare. */
function withoutQuotePipe(action: string): string | undefined {
  if (!action.startsWith('{{') || action.indexOf('}}') !== action.length - 2) return undefined;
  const inner = action.slice(2, -2);
  const bar = inner.lastIndexOf('|');
  if (bar < 0) return undefined;
  const trimsRight = inner.trimEnd().endsWith('-');
  const tail = inner.slice(bar + 1).trim();
  const pipe = trimsRight ? tail.slice(0, -1).trimEnd() : tail;
  if (pipe !== 'quote' && pipe !== 'squote') return undefined;
  const head = inner.slice(0, bar).trimEnd();
  return head.trim() === '' || head.trim() === '-' ? undefined : `{{${head}${trimsRight ? ' -' : ' '}}}`;
}

/** The key at the start of a line's rest, as written (plain or quoted), before its colon; linear. */
function keyTextAt(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    for (let at = 1; at < rest.length; at++) {
      if (quote === '"' && rest[at] === '\\') at++;
      else if (rest[at] === quote) {
        if (quote === "'" && rest[at + 1] === "'") at++;
        else return /^\s*:/.test(rest.slice(at + 1)) ? rest.slice(0, at + 1) : undefined;
      }
    }
    return undefined;
  }
  for (let at = 0; at < rest.length; at++) {
    const char = rest[at];
    if (char === '#' || char === '{' || char === '\r' || char === '\n') return undefined;
    if (char === ':' && (at + 1 === rest.length || /\s/.test(rest[at + 1])))
      return at === 0 ? undefined : rest.slice(0, at).trimEnd();
  }
  return undefined;
}

function keyName(written: string): string {
  if (written.startsWith('"')) return JSON.parse(written) as string;
  if (written.startsWith("'")) return written.slice(1, -1).replaceAll("''", "'");
  return written;
}

/** The new key, quoted as the old one was. */
function renamedKey(written: string, to: string): string {
  if (written.startsWith('"')) return JSON.stringify(to);
  if (written.startsWith("'")) return `'${to.replaceAll("'", "''")}'`;
  return to;
}

function stepKey(step: RenderedStep): string {
  return 'key' in step ? step.key : `[${step.index}]`;
}

/** A values path's step: a key, or a list item's index written `[n]`. */
function stepInto(node: unknown, key: string): { found: boolean; value: unknown } {
  const index = /^\[(\d+)\]$/.exec(key);
  if (index) {
    const item = isSeq(node) ? node.items[Number(index[1])] : undefined;
    return { found: item !== undefined, value: deref(item) };
  }
  const pair = isMap(node) ? getPair(node, key) : undefined;
  return { found: pair !== undefined, value: deref(pair?.value) };
}

function valueAt(root: YAMLMap, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    const next = stepInto(node, key);
    if (!next.found) return undefined;
    node = next.value;
  }
  return node;
}

/** How many steps of `path` a values document defines, from its root. */
function definedDepth(root: unknown, path: readonly string[]): number {
  let node = root;
  let depth = 0;
  for (const key of path) {
    const next = stepInto(node, key);
    if (!next.found) break;
    depth++;
    node = next.value;
  }
  return depth;
}

/**
 * The rendered fix of a rendered finding as a fix of its chart: edits of the template, of the values
 * file, or new templates, `review` at least; or why it cannot be (never a fix that copies rendered text).
 */
export function proposeChartFix(
  finding: Finding,
  renderedFix: FindingFix,
  rendered: RenderedSource,
  read: ReadFile,
): ChartFixOutcome {
  const { skeleton } = rendered;
  if (!skeleton) return { withheld: 'the template that wrote this document was not found' };
  const prefix = rendered.chart.path === '.' ? '' : `${rendered.chart.path}/`;
  const vendored = /^charts\/([^/]+)\//.exec(rendered.templatePath.slice(prefix.length));
  if (vendored)
    return {
      withheld: `the template belongs to the chart ${vendored[1]} vendored in charts/: fix it there or in the values passed to it`,
    };
  let afterText: string;
  try {
    afterText = applyTextEdits(rendered.text, renderedFix.edits);
  } catch {
    return { withheld: 'the fix edits overlap' };
  }
  const [first, ...added] = afterText.split(/^---[ \t]*$/m);
  const before = parseDocument(rendered.text);
  const after = parseDocument(first);
  if (before.errors.length > 0 || after.errors.length > 0)
    return { withheld: 'the rendered document does not parse with the fix' };
  const writer = new ChartFixWriter(rendered, skeleton, before.contents, first, read);
  const [single, ...more] = renderedFix.edits;
  const index = new LineIndex(rendered.text);
  const inPlace =
    single !== undefined &&
    more.length === 0 &&
    added.length === 0 &&
    single.file === undefined &&
    writer.inPlace(
      {
        start: index.offset(single.range.start),
        end: index.offset(single.range.end),
        newText: single.newText,
      },
      before.contents,
      rendered.text,
    );
  if (!inPlace) {
    const changes: Change[] = [];
    compare(before.contents, after.contents, [], changes);
    for (const change of changes) {
      const refused = writer.apply(change);
      if (refused) return { withheld: refused };
    }
  }
  for (const text of added) {
    const refused = writer.newObject(text);
    if (refused) return { withheld: refused };
  }
  const result = writer.edits.result();
  if (!result || result.edits.length === 0) return { withheld: 'the fix changes nothing the chart writes' };
  const where = placesText(writer.edits.places);
  return {
    finding,
    fix: {
      class: stricterClass(renderedFix.class, 'review'),
      title: `${renderedFix.title} in ${where}`,
      edits: result.edits,
    },
    files: result.files,
  };
}

/** The chart re-rendered with some of its files (by path) replaced: its documents, or why it did not render. */
export type Rerender = (
  files: ReadonlyMap<string, string>,
) => Promise<{ documents: SourceFile[] } | { error: string }>;

export type ChartFixVerdict = FixVerdict;

/**
 * Re-renders the chart with the proposal's files and checks the documents (`findingsOf` analyses them
 * with the rest of the workspace): verified when it renders and its finding is gone.
 */
export async function verifyChartFix(
  proposal: ChartFixProposal,
  rerender: Rerender,
  findingsOf: (documents: readonly SourceFile[]) => readonly Finding[],
): Promise<ChartFixVerdict> {
  const outcome = await rerender(proposal.files);
  if ('error' in outcome) return { verified: false, reason: `helm template fails with it: ${outcome.error}` };
  if (findingsOf(outcome.documents).some((finding) => sameFinding(finding, proposal.finding)))
    return { verified: false, reason: 'the chart re-rendered with it still has the finding' };
  return { verified: true };
}

/**
 * Re-renders a chart from a temporary copy with some files replaced: the workspace is never written. A
 * replaced file is the chart's, or one of its configured values files outside it.
 */
export function chartRerenderer(
  chart: RenderedChart,
  helm: string,
  limits: RenderLimits,
  cwd = process.cwd(),
): Rerender {
  const prefix = chart.path === '.' ? '' : `${chart.path}/`;
  return async (files) => {
    const home = mkdtempSync(join(tmpdir(), 'kube-maturity-chart-fix-'));
    try {
      const dir = join(home, basename(chart.dir) || 'chart');
      cpSync(chart.dir, dir, { recursive: true, filter: (source) => basename(source) !== '.git' });
      const valuesFiles = chart.render.valuesFiles.map((file) => {
        const inside = relative(chart.dir, file);
        return inside.startsWith('..') || resolve(chart.dir, inside) !== file ? file : join(dir, inside);
      });
      for (const [path, text] of files) {
        const absolute = resolve(cwd, path);
        const index = chart.render.valuesFiles.indexOf(absolute);
        let target: string;
        if (prefix === '' || path.startsWith(prefix)) target = join(dir, path.slice(prefix.length));
        else if (index >= 0) {
          target = join(home, `values-${index}.yaml`);
          valuesFiles[index] = target;
        } else return { error: `${path} is not a file of the chart` };
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
      const outcome = await renderChart(helm, { ...chart.render, chartDir: dir, valuesFiles }, limits);
      if (outcome.kind === 'rendered')
        return {
          documents: outcome.documents.map((document, position) => ({
            path: `${prefix}${ChartTemplates.templateOf(document)}#verified-${position + 1}.yaml`,
            text: document.text,
          })),
        };
      return { error: outcome.kind === 'error' ? outcome.error.message : outcome.reason };
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };
}

export interface ChartFixOptions extends FixOfferOptions {
  helm: string;
}

export type ChartFixCounts = FixCounts;

/**
 * The fixes of a render's findings as fixes of their charts: each proposed, verified by a re-render,
 * and set on its finding (its `fix`), or the reason it is not offered (`fixWithheld`).
 */
export async function offerChartFixes(
  renders: {
    fixes: ReadonlyArray<{ finding: Finding; fix: FindingFix; rendered: RenderedSource }>;
    /** The rendered documents by the path they were analysed under. */
    rendered: ReadonlyMap<string, RenderedSource>;
  },
  options: ChartFixOptions,
): Promise<ChartFixCounts> {
  const counts: ChartFixCounts = { offered: 0, withheld: 0, unverified: 0 };
  const proposals: Array<{ proposal: ChartFixProposal; chart: RenderedChart }> = [];
  for (const { finding, fix, rendered } of renders.fixes) {
    const outcome = proposeChartFix(finding, fix, rendered, options.read);
    if ('withheld' in outcome) {
      finding.fixWithheld = outcome.withheld;
      counts.withheld++;
    } else proposals.push({ proposal: outcome, chart: rendered.chart });
  }
  if (proposals.length === 0) return counts;
  const workspace = new WorkspaceFindings(options.settings, options.controls, options.sources);
  const rerenderers = new Map<string, Rerender>();
  const renderedPaths = new Map<string, string[]>();
  for (const [path, file] of renders.rendered) {
    const paths = renderedPaths.get(file.chart.path) ?? [];
    paths.push(path);
    renderedPaths.set(file.chart.path, paths);
  }
  await eachInParallel(proposals, async ({ proposal, chart }) => {
    let rerender = rerenderers.get(chart.path);
    if (!rerender) {
      rerender = chartRerenderer(chart, options.helm, options.limits, options.cwd);
      rerenderers.set(chart.path, rerender);
    }
    const verdict = await verifyChartFix(proposal, rerender, (documents) =>
      workspace.findingsWith(renderedPaths.get(chart.path) ?? [], documents),
    );
    settleOffer(proposal, verdict, counts);
  });
  return counts;
}

export interface ChartFixRunOptions extends FixRunOptions {
  helm: string;
  /** The configuration's `render.charts`, with paths relative to `configRoot`. */
  charts: readonly ChartRenderSetting[];
  configRoot: string;
}

export interface ChartFixRun extends RenderedFixRun {
  /** Why charts were not rendered (their templates are not fixed), from the first render. */
  problems: ReportedProblem[];
}

/**
 * `fix --render`: applies the verified chart fixes of the asked classes one at a time, re-rendering the
 * charts after each (from a temporary copy of them: the workspace is not written here), until none is
 * left. `sources` are the checked files, by the paths relative to `cwd`.
 */
export async function fixCharts(
  sources: readonly SourceFile[],
  options: ChartFixRunOptions,
): Promise<ChartFixRun> {
  const cwd = options.cwd ?? process.cwd();
  const rounds = new FixRounds('kube-maturity-chart-fixes-', cwd, options);
  const { read, run } = rounds;
  let problems: ReportedProblem[] | undefined;
  try {
    for (const source of sources)
      if (basename(source.path) === 'Chart.yaml') {
        const dir = resolve(cwd, dirname(source.path));
        cpSync(dir, rounds.mirrored(dir), { recursive: true, filter: (path) => basename(path) !== '.git' });
      }
    for (const chart of options.charts)
      for (const file of chart.values) {
        const path = resolve(options.configRoot, file);
        mkdirSync(dirname(rounds.mirrored(path)), { recursive: true });
        try {
          cpSync(path, rounds.mirrored(path));
        } catch {
          // Missing: helm reports it when rendering.
        }
      }
    for (let round = 0; round < (options.maxRounds ?? 100); round++) {
      const renders = await renderCharts(
        rounds.current(sources),
        {
          helm: options.helm,
          limits: options.limits,
          charts: options.charts,
          configRoot: rounds.mirrored(options.configRoot),
        },
        rounds.mirrored(cwd),
      );
      const result = checkWorkspace(renders.sources, {
        settings: options.settings,
        controls: options.controls,
      });
      const parsed = new Map(result.analysis.objects.map((object) => [object.file.path, object.file]));
      mapRenderedFindings(
        result.analysis.findings,
        renders,
        new FindingPlacer((path) => parsed.get(path), read),
      );
      rounds.startRound(renders.fixes.map(({ finding }) => finding));
      problems ??= renders.problems;
      const byChart = new Map<string, { chart: RenderedChart; list: ChartFixProposal[] }>();
      for (const { finding, fix, rendered } of renders.fixes) {
        if (!rounds.tries(finding)) continue;
        const candidate = rounds.candidate(proposeChartFix(finding, fix, rendered, read));
        if (!candidate) continue;
        const entry = byChart.get(rendered.chart.path) ?? { chart: rendered.chart, list: [] };
        entry.list.push(candidate);
        byChart.set(rendered.chart.path, entry);
      }
      if (byChart.size === 0) break;
      const workspace = new WorkspaceFindings(options.settings, options.controls, renders.sources);
      const picked: ChartFixProposal[] = [];
      for (const [chartPath, { chart, list }] of byChart) {
        const paths = [...renders.rendered]
          .filter(([, file]) => file.chart.path === chartPath)
          .map(([path]) => path);
        const rerender = chartRerenderer(chart, options.helm, options.limits, rounds.mirrored(cwd));
        const findingsOf = (documents: readonly SourceFile[]) => workspace.findingsWith(paths, documents);
        // The fixes whose edits do not touch each other's, verified together by one render.
        const verified = await pickVerified(
          list,
          read,
          async (_batch, files) => {
            const outcome = await rerender(files);
            return 'error' in outcome ? undefined : findingsOf(outcome.documents);
          },
          (proposal, left) => !left.some((finding) => sameFinding(finding, proposal.finding)),
          async (candidate) => (await verifyChartFix(candidate, rerender, findingsOf)).verified,
        );
        picked.push(...verified.picked);
        rounds.reject(verified.rejected);
      }
      if (picked.length === 0) break;
      rounds.apply(picked);
    }
    return { ...run, problems: problems ?? [] };
  } finally {
    rounds.dispose();
  }
}
