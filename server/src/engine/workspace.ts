import { posix } from 'node:path';
import { type AnalysisResult, analyze, type Finding } from './analyze';
import type { Settings } from './config';
import type { AnyControl } from './control';
import { get, items, str } from './nodes';
import { type ParsedFile, parseFile } from './parse';
import { LineIndex, type OffsetEdit } from './text';
import { computeScore, computeVerdict, type MaturityModel, type Verdict } from './verdict';

export interface SourceFile {
  /** Path as the caller names it (relative or absolute, forward or back slashes). */
  path: string;
  text: string;
}

export interface WorkspaceResult {
  files: ParsedFile[];
  analysis: AnalysisResult;
  verdict: Verdict;
  score: number;
}

export interface WorkspaceOptions {
  settings: Settings;
  controls: readonly AnyControl[];
  model?: MaturityModel;
}

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * Files a kustomization applies as patches hold partial objects: checking them alone would report what
 * the base already has. They are skipped with the reason.
 */
export function kustomizePatchReasons(files: readonly ParsedFile[]): Map<string, string> {
  const byPosixPath = new Map(files.map((file) => [posix.normalize(toPosix(file.path)), file.path]));
  const reasons = new Map<string, string>();
  for (const file of files) {
    const posixPath = toPosix(file.path);
    if (!KUSTOMIZATION_NAMES.has(posix.basename(posixPath))) continue;
    const directory = posix.dirname(posixPath);
    const root = file.documents[0]?.doc.contents;
    const patchPaths: string[] = [];
    for (const entry of items(get(root, 'patchesStrategicMerge'))) {
      const path = str(entry);
      if (path) patchPaths.push(path);
    }
    for (const key of ['patches', 'patchesJson6902']) {
      for (const entry of items(get(root, key))) {
        const path = str(entry) ?? str(get(entry, 'path'));
        if (path) patchPaths.push(path);
      }
    }
    for (const patchPath of patchPaths) {
      const original = byPosixPath.get(posix.normalize(posix.join(directory, patchPath)));
      if (original)
        reasons.set(
          original,
          `Kustomize patch applied by ${file.path}: a partial object, checked after kustomize build`,
        );
    }
  }
  return reasons;
}

export function parseSources(sources: readonly SourceFile[]): ParsedFile[] {
  const files = sources.map((source) => parseFile(source.path, source.text));
  const patches = kustomizePatchReasons(files);
  for (const file of files) {
    const reason = patches.get(file.path);
    if (reason && !file.skipped) {
      file.skipped = reason;
      file.documents = [];
      file.problems = [];
    }
  }
  return files;
}

export function checkParsed(files: ParsedFile[], options: WorkspaceOptions): WorkspaceResult {
  const analysis = analyze(files, options.settings, options.controls);
  const verdict = computeVerdict(analysis.tallies, options.controls, {
    threshold: options.settings.stageThreshold,
    hasObjects: analysis.objects.length > 0,
    model: options.model ?? 'fairwinds',
  });
  return { files, analysis, verdict, score: computeScore(analysis.tallies) };
}

/** Text in, findings and the maturity verdict out: the one entry point of the CLI, the server and the tests. */
export function checkWorkspace(sources: readonly SourceFile[], options: WorkspaceOptions): WorkspaceResult {
  return checkParsed(parseSources(sources), options);
}

export interface FixOptions extends WorkspaceOptions {
  /** Only fixes of these kinds are applied (default: auto). */
  kinds?: ReadonlyArray<'auto' | 'suggested'>;
  /** Only fixes of these controls are applied (default: all). */
  controlIds?: ReadonlySet<string>;
  maxRounds?: number;
}

export interface FixResult {
  /** New text of every changed file, by path. */
  changed: Map<string, string>;
  applied: Finding[];
  rounds: number;
}

function editOffsets(text: string, finding: Finding): OffsetEdit[] {
  const lines = new LineIndex(text);
  return (finding.fix?.edits ?? []).map((edit) => ({
    start: lines.offset(edit.range.start),
    end: lines.offset(edit.range.end),
    newText: edit.newText,
  }));
}

function touches(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * Applies fixes until none is left: each round applies the fixes whose edits do not touch each other's,
 * then re-analyses, so that two fixes creating the same missing parent never collide.
 */
export function fixWorkspace(sources: readonly SourceFile[], options: FixOptions): FixResult {
  const kinds = new Set(options.kinds ?? ['auto']);
  const texts = new Map(sources.map((source) => [source.path, source.text]));
  const applied: Finding[] = [];
  const seen = new Set<string>();
  let rounds = 0;
  for (; rounds < (options.maxRounds ?? 40); rounds++) {
    const current = [...texts].map(([path, text]) => ({ path, text }));
    const files = parseSources(current);
    const byPath = new Map(files.map((file) => [file.path, file]));
    const { analysis } = checkParsed(files, options);
    const perFile = new Map<string, Array<{ finding: Finding; edits: OffsetEdit[] }>>();
    for (const finding of analysis.findings) {
      if (!finding.fix || finding.exempt || !finding.file || !kinds.has(finding.fix.kind)) continue;
      if (options.controlIds && !options.controlIds.has(finding.control)) continue;
      const key = `${finding.control}|${finding.file}|${finding.message}`;
      if (seen.has(key)) continue;
      const file = byPath.get(finding.file)!;
      const list = perFile.get(finding.file) ?? [];
      list.push({ finding, edits: editOffsets(file.text, finding) });
      perFile.set(finding.file, list);
    }
    if (perFile.size === 0) break;
    for (const [path, candidates] of perFile) {
      const file = byPath.get(path)!;
      const accepted: OffsetEdit[] = [];
      for (const candidate of candidates) {
        if (candidate.edits.some((edit) => accepted.some((other) => touches(edit, other)))) continue;
        accepted.push(...candidate.edits);
        applied.push(candidate.finding);
        seen.add(`${candidate.finding.control}|${path}|${candidate.finding.message}`);
      }
      const sorted = accepted.sort((a, b) => a.start - b.start);
      let text = '';
      let cursor = 0;
      for (const edit of sorted) {
        text += file.text.slice(cursor, edit.start) + edit.newText;
        cursor = edit.end;
      }
      text += file.text.slice(cursor);
      texts.set(path, (file.bom ? '\uFEFF' : '') + text);
    }
  }
  const changed = new Map<string, string>();
  for (const source of sources) {
    const text = texts.get(source.path)!;
    if (text !== source.text) changed.set(source.path, text);
  }
  return { changed, applied, rounds };
}
