/**
 * `check --jobs N`: the workspace's files dealt to N worker threads (engine/shard.ts), each parsing and
 * checking its own; the main thread puts their results together. The worker runs this same file.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { allControls } from '../controls';
import type { Settings } from '../engine/config';
import type { ObjectSummary } from '../engine/objectSummary';
import type { AnalysisResult } from '../engine/result';
import {
  assignToShards,
  everyObjectOf,
  mergeShards,
  Shard,
  type ShardResult,
  type ShardSummaries,
} from '../engine/shard';
import type { SourceFile } from '../engine/workspace';

/** Files are dealt to the workers in runs of this many (in path order). */
const CHUNK_FILES = 64;
/** Fewer files than this per worker are not worth a thread's start-up (about 40 ms). */
const MIN_FILES_PER_WORKER = 200;

const WORKER_KIND = 'kube-maturity-shard';

interface ShardWorkerData {
  kind: typeof WORKER_KIND;
  sources: SourceFile[];
  ownPaths: string[];
  settings: Settings;
  sharedChecks: boolean;
}

type FromWorker = { summaries: ShardSummaries } | { result: ShardResult };
type ToWorker = { everyObject: ObjectSummary[] };

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

/**
 * Analyses the sources in `workers` threads: the same analysis as one Analyzer over them (see
 * test/engine/shard.test.ts and the CLI's --jobs test).
 */
export async function analyzeInWorkers(
  sources: readonly SourceFile[],
  settings: Settings,
  workers: number,
): Promise<AnalysisResult> {
  const owned = assignToShards(
    sources.map((source) => source.path),
    workers,
    CHUNK_FILES,
  );
  if (process.env.KUBE_MATURITY_DEBUG?.split(',').includes('jobs'))
    process.stderr.write(`kube-maturity: ${workers} worker threads for ${sources.length} files\n`);
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
  try {
    const summaries = await Promise.all(threads.map((thread) => thread.next('summaries')));
    const everyObject = everyObjectOf(summaries.map((message) => message.summaries));
    for (const thread of threads) thread.send({ everyObject });
    const results = await Promise.all(threads.map((thread) => thread.next('result')));
    return mergeShards(
      results.map((message) => message.result),
      everyObject,
      sources,
      settings,
      allControls,
    );
  } finally {
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}

/** A worker and the messages it has sent, taken in order; its failure rejects whatever waits on it. */
class ShardThread {
  private readonly queue: FromWorker[] = [];
  private waiting?: { resolve: (message: FromWorker) => void; reject: (error: Error) => void };
  private failure?: Error;

  constructor(readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => {
      if (this.waiting) {
        this.waiting.resolve(message);
        this.waiting = undefined;
      } else this.queue.push(message);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.waiting?.reject(this.failure);
      this.waiting = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a worker thread stopped (exit code ${code})`)));
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  async next<K extends 'summaries' | 'result'>(kind: K): Promise<Extract<FromWorker, Record<K, unknown>>> {
    const message =
      this.queue.shift() ??
      (await new Promise<FromWorker>((resolve, reject) => {
        if (this.failure) reject(this.failure);
        else this.waiting = { resolve, reject };
      }));
    if (!(kind in message)) throw new Error(`a worker thread sent ${Object.keys(message)[0]}, not ${kind}`);
    return message as Extract<FromWorker, Record<K, unknown>>;
  }
}

/** In a worker thread started by analyzeInWorkers: its shard's summaries, then its results. */
function runShardWorker(data: ShardWorkerData): void {
  const shard = new Shard(
    data.sources,
    new Set(data.ownPaths),
    data.settings,
    allControls,
    data.sharedChecks,
  );
  parentPort!.postMessage({ summaries: shard.summaries() } satisfies FromWorker);
  parentPort!.once('message', (message: ToWorker) => {
    parentPort!.postMessage({ result: shard.check(message.everyObject) } satisfies FromWorker);
  });
}

if (!isMainThread && (workerData as ShardWorkerData | undefined)?.kind === WORKER_KIND)
  runShardWorker(workerData as ShardWorkerData);
