/**
 * `check --jobs N`: the workspace's files dealt to N worker threads (engine/shard.ts), each parsing and
 * checking its own and then writing its files' part of the report; the main thread puts the counts
 * together, writes the rest of the report and the workers' parts in order. No finding of a file crosses
 * threads. The worker runs this same file.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { allControls } from '../controls';
import type { Settings } from '../engine/config';
import { byPath } from '../engine/fileSet';
import type { ObjectSummary } from '../engine/objectSummary';
import type { AnalysisResult, Finding, ReportedProblem } from '../engine/result';
import {
  assignToShards,
  everyObjectOf,
  mergeShards,
  Shard,
  type ShardResult,
  type ShardSummaries,
  sharedFindingsByFile,
} from '../engine/shard';
import type { SourceFile } from '../engine/workspace';
import { withLineColumn } from '../report/json';
import { itemTexts, type Piece } from '../report/jsonText';
import type { ItemsFormat, PreparedFindings, TextSections } from '../report/prepared';
import { sarifResultsOf, sarifRuleIndex } from '../report/sarif';
import { fileSections, noCounts, type TextOptions } from '../report/text';

/** Files are dealt to the workers in runs of this many (in path order). */
const CHUNK_FILES = 64;
/** Fewer files than this per worker are not worth a thread's start-up (about 40 ms). */
const MIN_FILES_PER_WORKER = 200;
/** How many runs' report parts are asked for ahead of the one being written. */
const RUNS_AHEAD = 4;

const WORKER_KIND = 'kube-maturity-shard';

interface ShardWorkerData {
  kind: typeof WORKER_KIND;
  sources: SourceFile[];
  ownPaths: string[];
  settings: Settings;
  sharedChecks: boolean;
}

/** The report part of one run of files: JSON or SARIF items at a depth, or text sections. */
type PartRequest =
  | { paths: string[]; format: ItemsFormat; depth: number }
  | { paths: string[]; format: 'text'; options: TextOptions; problems: ReportedProblem[] };

type FromWorker = { summaries: ShardSummaries } | { result: ShardResult } | { part: TextSections };
type ToWorker =
  | { everyObject: ObjectSummary[] }
  | { shared: Array<[string, Finding[]]> }
  | { part: PartRequest };

/**
 * The default of `--jobs`: one thread. On the two-core machines measured, two workers were no faster
 * than one thread (parsing scales 1.36× there, and each shard parses about a quarter of the others' files
 * its checks read), so the threads are for larger machines to ask for: `--jobs $(nproc)`.
 */
export function defaultJobs(): number {
  return 1;
}

/** How many workers a run of this many files gets with `--jobs jobs` (1: no worker, this thread). */
export function workersFor(files: number, jobs: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(files / MIN_FILES_PER_WORKER)));
}

/** A run in worker threads: its counts here, its findings' text from the workers until `close`. */
export interface WorkerRun {
  analysis: AnalysisResult;
  report: PreparedFindings;
  close(): Promise<void>;
}

/**
 * Analyses the sources in `workers` threads: the same analysis and report as one Analyzer over them (see
 * test/engine/shard.test.ts and the CLI's --jobs test). Only the report's findings are in the workers:
 * `analysis.findings` is not read in such a run.
 */
export async function analyzeInWorkers(
  sources: readonly SourceFile[],
  settings: Settings,
  workers: number,
): Promise<WorkerRun> {
  const paths = sources.map((source) => source.path);
  const owned = assignToShards(paths, workers, CHUNK_FILES);
  const debug = process.env.KUBE_MATURITY_DEBUG?.split(',').includes('jobs');
  const started = performance.now();
  const phase = (name: string) => {
    if (debug)
      process.stderr.write(`kube-maturity: ${name} after ${Math.round(performance.now() - started)} ms\n`);
  };
  if (debug) process.stderr.write(`kube-maturity: ${workers} worker threads for ${sources.length} files\n`);
  const threads = owned.map((ownPaths, index) => {
    const data: ShardWorkerData = {
      kind: WORKER_KIND,
      sources: sources as SourceFile[],
      ownPaths,
      settings,
      sharedChecks: index === 0,
    };
    return new ShardThread(new Worker(__filename, { workerData: data }));
  });
  const close = () => {
    phase('report written');
    return Promise.all(threads.map((thread) => thread.terminate())).then(() => undefined);
  };
  try {
    const summaries = await Promise.all(threads.map((thread) => thread.next('summaries')));
    phase('files parsed and summarized');
    const everyObject = everyObjectOf(summaries.map((message) => message.summaries));
    for (const thread of threads) thread.send({ everyObject });
    const results = (await Promise.all(threads.map((thread) => thread.next('result')))).map(
      (message) => message.result,
    );
    phase('files checked');
    // Each worker gets the namespace checks' findings anchored in its files.
    const sharedByFile = sharedFindingsByFile(results);
    owned.forEach((ownPaths, index) => {
      const shared: Array<[string, Finding[]]> = [];
      for (const path of ownPaths) {
        const findings = sharedByFile.get(path);
        if (findings) shared.push([path, findings]);
      }
      threads[index].send({ shared });
    });
    const analysis = mergeShards(results, everyObject, sources, settings, allControls, () => {
      throw new Error("a worker thread run's findings are in its report, made by the workers");
    });
    const sorted = [...paths].sort(byPath);
    const runs: Run[] = [];
    for (let start = 0; start < sorted.length; start += CHUNK_FILES)
      runs.push({ thread: threads[runs.length % workers], paths: sorted.slice(start, start + CHUNK_FILES) });
    const report = new WorkerReport(runs, analysis, new Set(paths), [...(sharedByFile.get('') ?? [])]);
    return { analysis, report, close };
  } catch (error) {
    await close();
    throw error;
  }
}

interface Run {
  thread: ShardThread;
  paths: string[];
}

/** The findings' text of a worker run: each run's part asked of its worker a few runs ahead of the writer. */
class WorkerReport implements PreparedFindings {
  constructor(
    private readonly runs: readonly Run[],
    private readonly analysis: AnalysisResult,
    private readonly sourcePaths: ReadonlySet<string>,
    readonly workspaceFindings: readonly Finding[],
  ) {}

  *items(format: ItemsFormat, depth: number): Generator<Piece> {
    yield* this.parts(
      (run) => ({ paths: run.paths, format, depth }),
      (part) => part.lines,
    );
    const workspace =
      format === 'json'
        ? this.workspaceFindings.map(withLineColumn)
        : sarifResultsOf(this.workspaceFindings, sarifRuleIndex(allControls));
    yield [...itemTexts(workspace, depth)].join(',\n');
  }

  sections(options: TextOptions): Iterable<Promise<TextSections>> {
    // Files that are no run's (unreadable ones) have their problems listed in the run whose paths they fall among.
    const extra = this.analysis.problems.filter((problem) => !this.sourcePaths.has(problem.file));
    const starts = this.runs.map((run) => run.paths[0]);
    const problemsOf = (index: number) =>
      extra.filter(
        (problem) =>
          (index === 0 || problem.file >= starts[index]) &&
          (index === starts.length - 1 || problem.file < starts[index + 1]),
      );
    return this.parts(
      (run, index) => ({ paths: run.paths, format: 'text', options, problems: problemsOf(index) }),
      (part) => part,
    );
  }

  private *parts<T>(
    request: (run: Run, index: number) => PartRequest,
    take: (part: TextSections) => T,
  ): Generator<Promise<T>> {
    const asked = new Map<number, Promise<TextSections>>();
    const ask = (index: number) => {
      if (index >= this.runs.length || asked.has(index)) return;
      const run = this.runs[index];
      asked.set(index, run.thread.ask(request(run, index)));
    };
    for (let index = 0; index < this.runs.length; index++) {
      for (let ahead = index; ahead <= index + RUNS_AHEAD; ahead++) ask(ahead);
      yield asked.get(index)!.then(take);
      asked.delete(index);
    }
  }
}

/** A worker and the messages it has sent, taken in order; its failure rejects whatever waits on it. */
class ShardThread {
  private readonly queue: FromWorker[] = [];
  private readonly waiting: Array<{
    resolve: (message: FromWorker) => void;
    reject: (error: Error) => void;
  }> = [];
  private failure?: Error;
  private terminated = false;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(message);
      else this.queue.push(message);
    });
    const fail = (error: Error) => {
      // Stopped by `terminate` (the report written, or its reader gone): what was asked ahead is not read.
      if (this.terminated) return;
      this.failure ??= error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
  }

  terminate(): Promise<number> {
    this.terminated = true;
    return this.worker.terminate();
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** A report part: the worker answers its requests in the order they were sent. */
  ask(request: PartRequest): Promise<TextSections> {
    const answer = this.next('part').then((message) => message.part);
    this.send({ part: request });
    // Asked ahead of the writer: a worker's failure is the writer's to report when it reaches this part.
    answer.catch(() => undefined);
    return answer;
  }

  async next<K extends 'summaries' | 'result' | 'part'>(
    kind: K,
  ): Promise<Extract<FromWorker, Record<K, unknown>>> {
    const message =
      this.queue.shift() ??
      (await new Promise<FromWorker>((resolve, reject) => {
        if (this.failure) reject(this.failure);
        else this.waiting.push({ resolve, reject });
      }));
    if (!(kind in message)) throw new Error(`a worker thread sent ${Object.keys(message)[0]}, not ${kind}`);
    return message as Extract<FromWorker, Record<K, unknown>>;
  }
}

/** In a worker thread started by analyzeInWorkers: its shard's summaries, its results, then report parts. */
function runShardWorker(data: ShardWorkerData): void {
  const shard = new Shard(
    data.sources,
    new Set(data.ownPaths),
    data.settings,
    allControls,
    data.sharedChecks,
  );
  const ruleIndex = sarifRuleIndex(allControls);
  const encoder = new TextEncoder();
  let shared = new Map<string, Finding[]>();
  const problems = new Map<string, ReportedProblem[]>();
  parentPort!.postMessage({ summaries: shard.summaries() } satisfies FromWorker);
  parentPort!.on('message', (message: ToWorker) => {
    if ('everyObject' in message) {
      const result = shard.check(message.everyObject);
      for (const file of result.files) problems.set(file.path, file.problems);
      parentPort!.postMessage({ result } satisfies FromWorker);
    } else if ('shared' in message) {
      shared = new Map(message.shared);
    } else {
      const request = message.part;
      const findings = request.paths.flatMap((path) => shard.findingsOf(path, shared.get(path)));
      let part: TextSections;
      if (request.format === 'text') {
        const counts = noCounts();
        const runProblems = [
          ...request.paths.flatMap((path) => problems.get(path) ?? []),
          ...request.problems,
        ];
        part = {
          lines: [...fileSections(findings, runProblems, request.options, counts)].join('\n'),
          counts,
        };
      } else {
        const items =
          request.format === 'json' ? findings.map(withLineColumn) : sarifResultsOf(findings, ruleIndex);
        part = {
          lines: [...itemTexts(items, request.depth)].join(',\n'),
          counts: noCounts(),
        };
      }
      // As UTF-8 bytes handed over: the main thread writes them without copying or encoding them.
      const lines = encoder.encode(part.lines as string);
      parentPort!.postMessage({ part: { lines, counts: part.counts } } satisfies FromWorker, [lines.buffer]);
    }
  });
}

if (!isMainThread && (workerData as ShardWorkerData | undefined)?.kind === WORKER_KIND)
  runShardWorker(workerData as ShardWorkerData);
