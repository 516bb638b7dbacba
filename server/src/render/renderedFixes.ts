/**
 * What the fixes of rendered charts and built kustomizations share: the engine's fix of a rendered
 * document read as changes (the document before and after it, compared), the edits of a proposal by
 * file, the workspace analysed again with re-rendered documents in place of the rendered ones, and a
 * finding recognised again after a re-render; and the rounds of `fix --render`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { Analyzer } from '../engine/analyze';
import type { Settings } from '../engine/config';
import type { AnyControl, FixClass } from '../engine/control';
import type { FixValue } from '../engine/fix/value';
import { getPair, type YPair } from '../engine/nodes';
import { parseFile } from '../engine/parse';
import type { Finding, FindingFix, FixEdit } from '../engine/result';
import { replacedKeepingQuotes, SCHEMA_CONTROL_IDS } from '../engine/schema';
import {
  applyOffsetEdits,
  applyTextEdits,
  LineIndex,
  type OffsetEdit,
  restoreBom,
  stripBom,
} from '../engine/text';
import type { SourceFile } from '../engine/workspace';
import { readRegularFileSync } from '../workspaceFiles';
import type { RenderLimits } from './helm';
import { type RenderedStep, renderedItems } from './templateMap';

/** A rendered finding's fix as edits of the workspace's files. */
export interface RenderedFixProposal {
  /** The rendered finding the fix removes (its control, object and container name it). */
  finding: Finding;
  /** The fix on the workspace's files: every edit names its file. */
  fix: FindingFix;
  /** The new text of every file the fix edits or creates, by path. */
  files: Map<string, string>;
}

/** Whether a proposal, rendered again, removes its finding: or why not. */
export type FixVerdict = { verified: true } | { verified: false; reason: string };

/** The places a proposal edits, for its title: two named, the rest counted. */
export function placesText(places: readonly string[]): string {
  return places.length <= 2
    ? places.join(' and ')
    : `${places.slice(0, 2).join(', ')} and ${places.length - 2} more`;
}

/** A file of the workspace by the path the checked paths name it; undefined when it does not exist. */
export type ReadFile = (path: string) => string | undefined;

export type Change =
  | { kind: 'add'; parent: RenderedStep[]; key: string; pair: YPair }
  | { kind: 'set'; path: RenderedStep[]; node: unknown }
  | { kind: 'remove'; path: RenderedStep[] }
  /** A key renamed, its value kept (a misspelt field spelt right): written where the key is written. */
  | { kind: 'rename'; path: RenderedStep[]; to: string }
  | { kind: 'append'; path: RenderedStep[]; items: unknown[] }
  | { kind: 'replace'; path: RenderedStep[] };

export const MAX_DEPTH = 200;

/**
 * The edit renaming a key a mapping writes itself (not through a merge key), quoted as it was: undefined
 * when the mapping has no such key or already has the new one.
 */
export function keyRenameEdit(map: unknown, key: string, to: string): OffsetEdit | undefined {
  if (!isMap(map) || getPair(map, to)) return undefined;
  const pair = getPair(map, key);
  const range = pair && map.items.includes(pair) && isScalar(pair.key) ? pair.key.range : undefined;
  return range ? replacedKeepingQuotes(pair!.key as Scalar, [range[0], range[1]], to) : undefined;
}

export function toValue(node: unknown): unknown {
  return node !== null && typeof node === 'object' && 'toJSON' in node
    ? (node as { toJSON(): unknown }).toJSON()
    : node;
}

export function scalarKey(item: unknown): string | undefined {
  const key = (item as YPair).key;
  return isScalar(key) && key.value !== null ? String(key.value) : undefined;
}

/** What the fix changed: the rendered document before and after it, compared node by node (linear). */
export function compare(before: unknown, after: unknown, path: RenderedStep[], changes: Change[]): void {
  const replaced = () => changes.push({ kind: 'replace', path: [...path] });
  if (path.length > MAX_DEPTH) return void replaced();
  if (isMap(before) && isMap(after)) {
    const old = new Map<string, YPair>();
    for (const item of before.items) {
      const key = scalarKey(item);
      if (key === undefined) return void replaced();
      old.set(key, item as YPair);
    }
    const kept = new Set<string>();
    const added: Array<{ key: string; pair: YPair }> = [];
    for (const item of after.items) {
      const key = scalarKey(item);
      if (key === undefined) return void replaced();
      kept.add(key);
      const was = old.get(key);
      if (!was) {
        added.push({ key, pair: item as YPair });
        continue;
      }
      path.push({ key });
      compare(was.value, (item as YPair).value, path, changes);
      path.pop();
    }
    const removed = [...old.keys()].filter((key) => !kept.has(key));
    if (
      added.length === 1 &&
      removed.length === 1 &&
      JSON.stringify(toValue(added[0].pair.value)) === JSON.stringify(toValue(old.get(removed[0])!.value))
    ) {
      changes.push({ kind: 'rename', path: [...path, { key: removed[0] }], to: added[0].key });
      return;
    }
    for (const { key, pair } of added) changes.push({ kind: 'add', parent: [...path], key, pair });
    for (const key of removed) changes.push({ kind: 'remove', path: [...path, { key }] });
    return;
  }
  if (isSeq(before) && isSeq(after)) {
    const count = before.items.length;
    if (after.items.length === count) {
      const siblings = renderedItems(before);
      for (let index = 0; index < count; index++) {
        path.push({ index, siblings });
        compare(before.items[index], after.items[index], path, changes);
        path.pop();
      }
      return;
    }
    const same = (item: unknown, index: number) =>
      JSON.stringify(toValue(item)) === JSON.stringify(toValue(after.items[index]));
    if (after.items.length > count && before.items.every(same)) {
      changes.push({ kind: 'append', path: [...path], items: after.items.slice(count).map(toValue) });
      return;
    }
    return void replaced();
  }
  if (isScalar(before) && isScalar(after)) {
    if (before.value !== after.value) changes.push({ kind: 'set', path: [...path], node: after });
    return;
  }
  if (before === null || (isScalar(before) && before.value === null)) {
    changes.push({ kind: 'set', path: [...path], node: after });
    return;
  }
  replaced();
}

export function isFixValue(value: unknown): value is FixValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every(isFixValue);
  return value !== null && typeof value === 'object' && Object.values(value as object).every(isFixValue);
}

/** Every string and number a value holds (not its keys), as text. */
export function textsOf(value: unknown, found: Set<string>, depth = 0): Set<string> {
  if (depth > MAX_DEPTH) return found;
  if (typeof value === 'string' || typeof value === 'number') found.add(String(value));
  else if (Array.isArray(value)) for (const item of value) textsOf(item, found, depth + 1);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) textsOf(item, found, depth + 1);
  return found;
}

export function pathText(path: readonly RenderedStep[]): string {
  return path
    .map((step) => ('key' in step ? step.key : `[${step.index}]`))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** The edits of one proposal, by file, and where they are for the title. */
export class FileEdits {
  private readonly texts = new Map<string, { text: string; bom: boolean } | undefined>();
  private readonly edits = new Map<string, OffsetEdit[]>();
  private readonly created = new Map<string, string>();
  readonly places: string[] = [];

  constructor(private readonly read: ReadFile) {}

  text(path: string): string | undefined {
    if (!this.texts.has(path)) {
      const raw = this.read(path);
      this.texts.set(path, raw === undefined ? undefined : stripBom(raw));
    }
    return this.texts.get(path)?.text;
  }

  exists(path: string): boolean {
    return this.created.has(path) || this.read(path) !== undefined;
  }

  /** Adds edits of a file; one it already has (two builds of one patch asking the same) is kept once. */
  edit(path: string, edits: readonly OffsetEdit[], place: string): void {
    const list = this.edits.get(path) ?? [];
    for (const edit of edits)
      if (
        !list.some(
          (other) => other.start === edit.start && other.end === edit.end && other.newText === edit.newText,
        )
      )
        list.push(edit);
    this.edits.set(path, list);
    if (!this.places.includes(place)) this.places.push(place);
  }

  create(path: string, text: string, place: string): void {
    this.created.set(path, text);
    this.places.push(place);
  }

  /** The edits as ranges in each file, and each file's new text; undefined when two edits overlap. */
  result(): { edits: FixEdit[]; files: Map<string, string> } | undefined {
    const edits: FixEdit[] = [];
    const files = new Map<string, string>();
    for (const [path, list] of this.edits) {
      const original = this.texts.get(path)!;
      let newText: string;
      try {
        newText = applyOffsetEdits(original.text, list);
      } catch {
        return undefined;
      }
      files.set(path, restoreBom(newText, original.bom));
      const lines = new LineIndex(original.text);
      for (const edit of [...list].sort((a, b) => a.start - b.start))
        edits.push({ file: path, range: lines.range(edit.start, edit.end), newText: edit.newText });
    }
    for (const [path, text] of this.created) {
      files.set(path, text);
      const start = { line: 0, character: 0 };
      edits.push({ file: path, range: { start, end: start }, newText: text });
    }
    return { edits, files };
  }
}

/**
 * A rendered finding again: its control, object and container, whatever lines or file it is on; for the
 * schema controls, whose one check of an object reports each field apart, its message too.
 */
export function sameFinding(a: Finding, b: Finding): boolean {
  if (a.control !== b.control || a.container !== b.container) return false;
  if (!a.object || !b.object) return !a.object && !b.object && a.message === b.message;
  return (
    a.object.kind === b.object.kind &&
    a.object.name === b.object.name &&
    a.object.namespace === b.object.namespace &&
    (!SCHEMA_CONTROL_IDS.has(a.control) || withoutValuesNote(a.message) === withoutValuesNote(b.message))
  );
}

/** A rendered finding's message without the values files that define its field (valuesOrigin.ts). */
function withoutValuesNote(message: string): string {
  return message.replace(/ \(from [^()]*\)$/, '');
}

/**
 * The workspace's analysis kept between verifications: each analyses a chart's re-rendered documents in
 * place of its rendered ones, with every other file as it is (parsed once).
 */
export class WorkspaceFindings {
  private readonly analyzer: Analyzer;

  constructor(settings: Settings, controls: readonly AnyControl[], sources: readonly SourceFile[]) {
    this.analyzer = new Analyzer(settings, controls);
    for (const source of sources) this.analyzer.setFile(parseFile(source.path, source.text));
  }

  /** The findings with `documents` in place of the files `replaced`; the analysis is left as it was. */
  findingsWith(replaced: readonly string[], documents: readonly SourceFile[]): Finding[] {
    const kept = replaced.flatMap((path) => this.analyzer.getFile(path) ?? []);
    for (const path of replaced) this.analyzer.removeFile(path);
    for (const document of documents) this.analyzer.setFile(parseFile(document.path, document.text));
    const findings = [...this.analyzer.run().findings];
    for (const document of documents) this.analyzer.removeFile(document.path);
    for (const file of kept) this.analyzer.setFile(file);
    return findings;
  }
}

/** Verifications under way at once: each renders or builds a copy of what it fixes. */
const PARALLEL_RENDERS = 4;

export async function eachInParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_RENDERS, items.length) }, worker));
}

/** The span each proposal's edits cover in each file, as offsets of its text now. */
function footprints(proposal: RenderedFixProposal, read: ReadFile): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  for (const edit of proposal.fix.edits) {
    const file = edit.file!;
    const lines = new LineIndex(stripBom(read(file) ?? '').text);
    const start = lines.offset(edit.range.start);
    const end = lines.offset(edit.range.end);
    const span = spans.get(file);
    spans.set(file, span ? [Math.min(span[0], start), Math.max(span[1], end)] : [start, end]);
  }
  return spans;
}

/** The proposals, in order, that touch no earlier one's span in any file. */
export function apart<P extends RenderedFixProposal>(proposals: readonly P[], read: ReadFile): P[] {
  const taken = new Map<string, Array<[number, number]>>();
  const kept: P[] = [];
  for (const proposal of proposals) {
    const spans = footprints(proposal, read);
    const touches = [...spans].some(([file, span]) =>
      (taken.get(file) ?? []).some((other) => span[0] <= other[1] && other[0] <= span[1]),
    );
    if (touches) continue;
    for (const [file, span] of spans) taken.set(file, [...(taken.get(file) ?? []), span]);
    kept.push(proposal);
  }
  return kept;
}

/** The files of proposals whose edits do not touch, with all their edits applied. */
export function combinedFiles(
  proposals: readonly RenderedFixProposal[],
  read: ReadFile,
): Map<string, string> {
  if (proposals.length === 1) return proposals[0].files;
  const edits = new Map<string, FixEdit[]>();
  for (const proposal of proposals)
    for (const edit of proposal.fix.edits) edits.set(edit.file!, [...(edits.get(edit.file!) ?? []), edit]);
  const files = new Map<string, string>();
  for (const [file, list] of edits) {
    const { text, bom } = stripBom(read(file) ?? '');
    files.set(file, restoreBom(applyTextEdits(text, list), bom));
  }
  return files;
}

export function findingKey(finding: Finding): string {
  const object = finding.object;
  return [
    finding.control,
    object?.kind,
    object?.namespace,
    object?.name,
    finding.container,
    finding.message,
  ].join('|');
}

/**
 * The proposals of a round of `fix --render` to apply: all of those whose edits do not touch each other's
 * when one render with them all (`render`: the findings left, undefined when it failed) has none of their
 * findings (`removes`); else the first that `verify` accepts alone. `rejected`: those verified alone that
 * did not remove their finding.
 */
export async function pickVerified<P extends RenderedFixProposal>(
  list: readonly P[],
  read: ReadFile,
  render: (
    batch: readonly P[],
    files: ReadonlyMap<string, string>,
  ) => Promise<readonly Finding[] | undefined>,
  removes: (proposal: P, left: readonly Finding[]) => boolean,
  verify: (proposal: P) => Promise<boolean>,
): Promise<{ picked: P[]; rejected: P[] }> {
  const batch = apart(list, read);
  if (batch.length > 1) {
    const left = await render(batch, combinedFiles(batch, read));
    if (left && batch.every((proposal) => removes(proposal, left))) return { picked: batch, rejected: [] };
  }
  const rejected: P[] = [];
  for (const candidate of list) {
    if (await verify(candidate)) return { picked: [candidate], rejected };
    rejected.push(candidate);
  }
  return { picked: [], rejected };
}

/** What offering the fixes of a render's findings needs (`check --render`). */
export interface FixOfferOptions {
  limits: RenderLimits;
  settings: Settings;
  controls: readonly AnyControl[];
  /** What was analysed: the workspace's files with the rendered documents in place of what wrote them. */
  sources: readonly SourceFile[];
  read: ReadFile;
  cwd?: string;
}

/** What a `fix --render` run needs. */
export interface FixRunOptions {
  limits: RenderLimits;
  settings: Settings;
  controls: readonly AnyControl[];
  /** The fix classes to apply, and the controls (all when absent). */
  classes: ReadonlySet<FixClass>;
  controlIds?: ReadonlySet<string>;
  cwd?: string;
  maxRounds?: number;
}

/** How many rendered findings got a fix of their files, and how many did not (withheld or not verified). */
export interface FixCounts {
  offered: number;
  withheld: number;
  unverified: number;
}

/** Sets a verified proposal's fix on its finding, or why it is not offered; counted. */
export function settleOffer(proposal: RenderedFixProposal, verdict: FixVerdict, counts: FixCounts): void {
  if (verdict.verified) {
    proposal.finding.fix = proposal.fix;
    delete proposal.finding.fixWithheld;
    counts.offered++;
  } else {
    proposal.finding.fixWithheld = `not offered: ${verdict.reason}`;
    counts.unverified++;
  }
}

/** What a `fix --render` run of charts or kustomizations did. */
export interface RenderedFixRun {
  /** The findings fixed, each with its fix, where they were in the files as they were read. */
  applied: Finding[];
  /** The new text of every file changed or created, by path. */
  changed: Map<string, string>;
  /** Verified fixes of a class not asked for, by class (after the last round). */
  notApplied: Record<FixClass, number>;
  /** Proposals dropped because, rendered again with them, the finding was still there or it failed. */
  unverified: number;
}

/**
 * A `fix --render` run kept between its rounds: a temporary copy of what it renders (written as fixes are
 * applied; the workspace never is), the files it changed, where each finding was in the first round,
 * and the findings whose fixes did not verify.
 */
export class FixRounds {
  readonly run: RenderedFixRun = {
    applied: [],
    changed: new Map(),
    notApplied: { safe: 0, review: 0, draft: 0 },
    unverified: 0,
  };
  private readonly home: string;
  private readonly firstPlaces = new Map<string, Pick<Finding, 'file' | 'range'>>();
  private readonly dropped = new Set<string>();
  private rounds = 0;

  constructor(
    temporaryPrefix: string,
    private readonly cwd: string,
    private readonly options: { classes: ReadonlySet<FixClass>; controlIds?: ReadonlySet<string> },
  ) {
    this.home = mkdtempSync(join(tmpdir(), temporaryPrefix));
  }

  /** A workspace path's place in the copy. */
  mirrored(path: string): string {
    return join(this.home, 'root', resolve(this.cwd, path).replace(/^[A-Za-z]:/, ''));
  }

  /** A file as the run has it: changed by an applied fix, else as on disk. */
  readonly read: ReadFile = (path) => {
    if (this.run.changed.has(path)) return this.run.changed.get(path);
    try {
      return readRegularFileSync(resolve(this.cwd, path));
    } catch {
      return undefined;
    }
  };

  /** The checked files as the run has them now. */
  current(sources: readonly SourceFile[]): SourceFile[] {
    return sources.map((source) => ({ path: source.path, text: this.read(source.path) ?? source.text }));
  }

  /** A new round, with its findings as placed: the first round's places are those the report gives. */
  startRound(findings: readonly Finding[]): void {
    if (this.rounds++ === 0)
      for (const finding of findings)
        this.firstPlaces.set(findingKey(finding), { file: finding.file, range: finding.range });
    this.run.notApplied = { safe: 0, review: 0, draft: 0 };
  }

  /** True when the finding's fix is to be tried: a control asked for, not refuted in an earlier round. */
  tries(finding: Finding): boolean {
    return (
      (!this.options.controlIds || this.options.controlIds.has(finding.control)) &&
      !this.dropped.has(findingKey(finding))
    );
  }

  /** The proposal when it is of a class asked for (the others counted as not applied). */
  candidate<P extends RenderedFixProposal>(outcome: P | { withheld: string }): P | undefined {
    if ('withheld' in outcome) return undefined;
    if (this.options.classes.has(outcome.fix.class)) return outcome;
    this.run.notApplied[outcome.fix.class]++;
    return undefined;
  }

  /** Proposals that did not verify: not tried again. */
  reject(proposals: readonly RenderedFixProposal[]): void {
    for (const proposal of proposals) this.dropped.add(findingKey(proposal.finding));
    this.run.unverified += proposals.length;
  }

  /** Applies verified proposals to the run's files and its copy; their findings as first placed. */
  apply(proposals: readonly RenderedFixProposal[]): void {
    for (const [path, text] of combinedFiles(proposals, this.read)) {
      this.run.changed.set(path, text);
      const target = this.mirrored(path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    for (const proposal of proposals) {
      const { finding } = proposal;
      const first = this.firstPlaces.get(findingKey(finding));
      finding.fix = proposal.fix;
      delete finding.fixWithheld;
      finding.file = first?.file ?? finding.file;
      finding.range = first?.range;
      this.run.applied.push(finding);
    }
  }

  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * The first scalar of a rendered document, depth first, that one of `texts` holds (three characters or
 * more) and that `derived` says no file writes as it is there: rendered text a fix would copy.
 */
export function copiedText(
  node: unknown,
  texts: ReadonlySet<string>,
  derived: (text: string, path: readonly RenderedStep[]) => boolean,
  path: RenderedStep[] = [],
): string | undefined {
  if (path.length > MAX_DEPTH) return undefined;
  if (isMap(node)) {
    for (const item of node.items) {
      const key = scalarKey(item);
      if (key === undefined) continue;
      path.push({ key });
      const found = copiedText((item as YPair).value, texts, derived, path);
      path.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isSeq(node)) {
    const siblings = renderedItems(node);
    for (let index = 0; index < node.items.length; index++) {
      path.push({ index, siblings });
      const found = copiedText(node.items[index], texts, derived, path);
      path.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isScalar(node) || node.value === null) return undefined;
  const text = String(node.value);
  if (text.length < 3 || ![...texts].some((candidate) => candidate.includes(text))) return undefined;
  return derived(text, path) ? text : undefined;
}
