/**
 * A workspace analysed in shards (the CLI's worker threads, `--jobs`): each shard parses and checks its
 * own files; the cross-resource lookups see every object of the workspace through the summaries the
 * other shards sent (objectSummary.ts), whose parse is made from the text only when a check reads it.
 * One shard runs the namespace and workspace checks. `mergeShards` puts the shards' results together
 * as one analysis: the same findings, counts and order as one Analyzer over every file.
 */
import { Analyzer } from './analyze';
import type { Settings } from './config';
import type { AnyControl } from './control';
import { byPath } from './fileSet';
import { isKustomization } from './kustomize';
import { extractObjects, type KubeObject } from './model';
import { type ObjectSummary, SummarizedObject, summaryOf } from './objectSummary';
import { parseFile } from './parse';
import {
  type AnalysisResult,
  byPosition,
  type CheckTally,
  type ControlFailure,
  type Finding,
  isRenderedDocumentPath,
  type ReportedProblem,
} from './result';
import { type Breakdown, mergeBreakdowns } from './tallies';
import { enableControls, isLocalScope } from './units';
import type { SourceFile } from './workspace';

/** What a shard found in its files before any check: each file's objects, as the other shards see them. */
export interface ShardSummaries {
  files: Array<{ path: string; objects: ObjectSummary[] }>;
}

export interface ShardFileResult {
  path: string;
  /** Why the file is not analysed, when it is not. */
  skipped?: string;
  problems: ReportedProblem[];
}

export interface ShardResult {
  /** The shard's files in path order. */
  files: ShardFileResult[];
  /** The namespace and workspace checks' findings, by file ('' for the workspace's): the shared shard's only. */
  shared: Array<[string, Finding[]]>;
  tallies: CheckTally[];
  breakdown: Breakdown;
  controlFailures: ControlFailure[];
}

/**
 * The shard of a parallel run that owns some of the workspace's files. It is given every file's text:
 * the other shards' objects are parsed from it when a check reads more of them than their summary.
 */
export class Shard {
  private readonly analyzer: Analyzer;
  private readonly own: SourceFile[];
  private everyObject: readonly ObjectSummary[] = [];
  private readonly reportOrder: (a: Finding, b: Finding) => number;

  constructor(
    sources: readonly SourceFile[],
    ownPaths: ReadonlySet<string>,
    settings: Settings,
    controls: readonly AnyControl[],
    private readonly sharedChecks: boolean,
  ) {
    this.own = sources.filter((source) => ownPaths.has(source.path));
    const loadForeign = objectLoader(sources);
    this.reportOrder = reportOrderOf(settings, controls);
    this.analyzer = new Analyzer(settings, controls, {
      incremental: false,
      findingsOnDemand: true,
      shard: {
        sharedChecks,
        indexObjects: (own) => {
          const ownByKey = new Map(own.map((object) => [object.key, object]));
          return this.everyObject.map(
            (summary) => ownByKey.get(summary.key) ?? new SummarizedObject(summary, loadForeign),
          );
        },
      },
    });
    const others = sources.filter((source) => !ownPaths.has(source.path));
    this.analyzer.setOtherFiles(
      others
        .filter((source) => isKustomization(source.path))
        .map((source) => parseFile(source.path, source.text)),
      others.map((source) => source.path),
    );
    for (const source of this.own) this.analyzer.setFile(parseFile(source.path, source.text));
  }

  /** Each own file's objects (after the workspace's layout: a Kustomize patch or chart template has none). */
  summaries(): ShardSummaries {
    return {
      files: this.analyzer.filePaths
        .sort(byPath)
        .map((path) => ({ path, objects: (this.analyzer.objectsOf(path) ?? []).map(summaryOf) })),
    };
  }

  /** Runs the checks, the index holding every object of the workspace (in path order, as summarized). */
  check(everyObject: readonly ObjectSummary[]): ShardResult {
    this.everyObject = everyObject;
    const analysis = this.analyzer.run();
    const problemsByFile = groupBy(analysis.problems, (problem) => problem.file);
    const skipped = new Map(analysis.skipped.map(({ file, reason }) => [file, reason]));
    const files = this.analyzer.filePaths.sort(byPath).map((path) => ({
      path,
      ...(skipped.has(path) ? { skipped: skipped.get(path) } : {}),
      problems: problemsByFile.get(path) ?? [],
    }));
    return {
      files,
      shared: this.sharedChecks ? [...this.analyzer.sharedFindings()] : [],
      tallies: analysis.tallies,
      breakdown: analysis.breakdown,
      controlFailures: analysis.controlFailures,
    };
  }

  /**
   * The findings of an own file after `check`, made as they are asked for (none is kept), with the
   * namespace checks' findings anchored in it (`shared`: the shared shard's) in report order.
   */
  findingsOf(path: string, shared: readonly Finding[] | undefined): Finding[] {
    const own = this.analyzer.findingsOf(path);
    return shared ? [...own, ...shared].sort(this.reportOrder) : own;
  }
}

/** Report order within a file: by position, then control. */
function reportOrderOf(
  settings: Settings,
  controls: readonly AnyControl[],
): (a: Finding, b: Finding) => number {
  const order = new Map(
    enableControls(settings, controls).map((entry) => [entry.control.meta.id, entry.order]),
  );
  return (a, b) => byPosition(a, b) || order.get(a.control)! - order.get(b.control)!;
}

/** The objects of a run's file, parsed from its text when first asked (for SummarizedObject). */
function objectLoader(sources: readonly SourceFile[]): (path: string) => readonly KubeObject[] {
  const texts = new Map(sources.map((source) => [source.path, source.text]));
  const parses = new Map<string, readonly KubeObject[]>();
  return (path) => {
    let objects = parses.get(path);
    if (!objects) {
      const text = texts.get(path);
      if (text === undefined) throw new Error(`${path} is not a file of this run`);
      objects = extractObjects(parseFile(path, text));
      parses.set(path, objects);
    }
    return objects;
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Every object of the workspace in path order: the shards' summaries put together. */
export function everyObjectOf(shards: readonly ShardSummaries[]): ObjectSummary[] {
  return shards
    .flatMap((shard) => shard.files)
    .sort((a, b) => byPath(a.path, b.path))
    .flatMap((file) => file.objects);
}

/**
 * The shards' results as one analysis. Its objects stand for the summaries (parsed from `sources` only
 * if read beyond them).
 */
export function mergeShards(
  results: readonly ShardResult[],
  everyObject: readonly ObjectSummary[],
  sources: readonly SourceFile[],
  settings: Settings,
  controls: readonly AnyControl[],
  findingsOf: (path: string, shared: readonly Finding[] | undefined) => readonly Finding[],
): AnalysisResult {
  const enabled = enableControls(settings, controls);
  const order = new Map(enabled.map((entry) => [entry.control.meta.id, entry.order]));
  const shared = new Set(
    enabled.filter((entry) => !isLocalScope(entry.control.meta.scope)).map((entry) => entry.control.meta.id),
  );

  const sharedByFile = sharedFindingsByFile(results);
  const files = results.flatMap((result) => result.files).sort((a, b) => byPath(a.path, b.path));
  const problems: ReportedProblem[] = [];
  const skipped: Array<{ file: string; reason: string }> = [];
  let analyzedFiles = 0;
  let renderedDocuments = 0;
  for (const file of files) {
    if (file.skipped !== undefined) {
      skipped.push({ file: file.path, reason: file.skipped });
      continue;
    }
    if (isRenderedDocumentPath(file.path)) renderedDocuments++;
    else analyzedFiles++;
    for (const problem of file.problems) problems.push(problem);
  }
  const workspaceFindings = [...(sharedByFile.get('') ?? [])].sort(
    (a, b) => order.get(a.control)! - order.get(b.control)!,
  );
  function* eachFinding(): Generator<Finding> {
    for (const file of files) yield* findingsOf(file.path, sharedByFile.get(file.path));
    yield* workspaceFindings;
  }

  const tallies = results[0].tallies.map((tally) => ({ ...tally }));
  for (const result of results.slice(1))
    result.tallies.forEach((tally, index) => {
      const sum = tallies[index];
      sum.passed += tally.passed;
      sum.failed += tally.failed;
      sum.exempt += tally.exempt;
      sum.failedErrors += tally.failedErrors;
      sum.failedWarnings += tally.failedWarnings;
      sum.failedInfos += tally.failedInfos;
    });

  // As one analyzer meets them: the object checks' failures file by file, then the shared checks'.
  const failures = new Map<string, ControlFailure>();
  for (const sharedPass of [false, true])
    for (const result of results)
      for (const failure of result.controlFailures)
        if (shared.has(failure.control) === sharedPass && !failures.has(failure.control))
          failures.set(failure.control, failure);

  const load = objectLoader(sources);
  let allFindings: Finding[] | undefined;
  return {
    objects: everyObject.map((summary) => new SummarizedObject(summary, load)),
    get findings() {
      allFindings ??= [...eachFinding()];
      return allFindings;
    },
    eachFinding: () => allFindings ?? eachFinding(),
    tallies,
    breakdown: mergeBreakdowns(results.map((result) => result.breakdown)),
    problems,
    skipped,
    analyzedFiles,
    renderedDocuments,
    controlFailures: [...failures.values()],
  };
}

/** The namespace and workspace checks' findings of a run, by the file they are anchored in ('' for none). */
export function sharedFindingsByFile(results: readonly ShardResult[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const result of results) for (const [file, findings] of result.shared) byFile.set(file, findings);
  return byFile;
}

/**
 * Which shard owns each file: the paths in order, cut into runs of `chunkSize` files dealt round-robin,
 * so that every shard has files all along the report's order.
 */
export function assignToShards(paths: readonly string[], shards: number, chunkSize: number): string[][] {
  const owned: string[][] = Array.from({ length: shards }, () => []);
  [...paths].sort(byPath).forEach((path, index) => {
    owned[Math.floor(index / chunkSize) % shards].push(path);
  });
  return owned;
}

/** The whole parallel run in one thread, shard after shard (the tests' check that it equals one analysis). */
export function analyzeInShards(
  sources: readonly SourceFile[],
  settings: Settings,
  controls: readonly AnyControl[],
  shardCount: number,
  chunkSize: number,
): AnalysisResult {
  const owned = assignToShards(
    sources.map((source) => source.path),
    shardCount,
    chunkSize,
  );
  const shards = owned.map(
    (paths, index) => new Shard(sources, new Set(paths), settings, controls, index === 0),
  );
  const everyObject = everyObjectOf(shards.map((shard) => shard.summaries()));
  const results = shards.map((shard) => shard.check(everyObject));
  const ownerOf = new Map(
    owned.flatMap((paths, index) => paths.map((path) => [path, shards[index]] as const)),
  );
  return mergeShards(results, everyObject, sources, settings, controls, (path, shared) =>
    ownerOf.get(path)!.findingsOf(path, shared),
  );
}
