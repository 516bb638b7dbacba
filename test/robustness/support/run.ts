/**
 * Running the built CLI and server under observation: a time limit (a hang is a failure, not a stuck test),
 * the probe preloaded (network, programs, evaluation, modules, reads, peak memory), and Linux /proc readings.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspTestClient } from '../../support/lspClient';
import { CLI, PROJECT_ROOT } from '../../support/paths';

export const PROBE = join(__dirname, 'probe.js');
export const FAULTS = join(__dirname, 'faults.js');
export const MAX_SECONDS = 60;
export const MAX_BYTES = 1024 * 1024 * 1024;

export interface ProbeRecord {
  kind: 'network' | 'execute' | 'evaluate' | 'module' | 'read' | 'peak-rss-kb' | 'heap';
  detail: string;
  pid: number;
}

export function readProbe(file: string): ProbeRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProbeRecord);
}

export interface BoundedRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
  /** Peak resident memory of the process (VmHWM), from the probe; undefined when not measured. */
  peakBytes?: number;
  probe: ProbeRecord[];
}

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  timeoutMs?: number;
  /** Extra node options (before the script), e.g. --disallow-code-generation-from-strings. */
  nodeArgs?: string[];
  /** Directory whose file reads the probe records. */
  watch?: string;
  env?: Record<string, string>;
}

/** Runs `node dist/cli.js …` with the probe, killed after the time limit (default 20 s + a margin). */
export function runCliBounded(args: string[], options: RunOptions = {}): Promise<BoundedRun> {
  const probeDir = mkdtempSync(join(tmpdir(), 'kube-maturity-probe-'));
  const probeFile = join(probeDir, 'probe.jsonl');
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--require', PROBE, CLI, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      env: {
        ...process.env,
        NO_COLOR: '1',
        KM_PROBE_OUT: probeFile,
        ...(options.watch ? { KM_PROBE_WATCH: options.watch } : {}),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin!.on('error', () => undefined);
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        child.kill('SIGKILL');
      },
      options.timeoutMs ?? MAX_SECONDS * 1000 + 5000,
    );
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const probe = readProbe(probeFile);
      rmSync(probeDir, { recursive: true, force: true });
      const peak = probe.find((record) => record.kind === 'peak-rss-kb');
      resolve({
        status,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        ms: Date.now() - started,
        peakBytes: peak ? Number(peak.detail) * 1024 : undefined,
        probe,
      });
    });
  });
}

/** A JavaScript stack trace in some output ("    at fn (file.js:1:2)"), or an uncaught error report. */
export const STACK_TRACE =
  /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)$|^(?:Type|Range|Reference|Syntax)Error\b|Uncaught|node:internal/m;

/** Words of an internal error leaking into a user message. */
export const INTERNAL_WORDS =
  /call stack|RangeError|TypeError|ReferenceError|is not (?:a function|iterable|defined)|Cannot read propert|undefined|\[object Object\]|NaN/;

/** Memory readings of a live process (Linux), in bytes. */
export function processMemory(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    const peak = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return rss && peak ? { rss: Number(rss) * 1024, peak: Number(peak) * 1024 } : undefined;
  } catch {
    return undefined;
  }
}

/** The sockets a process holds, with the descriptor each is on (Linux: readlink /proc/<pid>/fd/*). */
export function socketDescriptors(pid: number): Array<{ fd: number; target: string }> {
  const sockets: Array<{ fd: number; target: string }> = [];
  let entries: string[];
  try {
    entries = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return sockets;
  }
  for (const entry of entries) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${entry}`);
      if (target.startsWith('socket:')) sockets.push({ fd: Number(entry), target });
    } catch {
      // closed meanwhile
    }
  }
  return sockets;
}

/** Waits until a predicate holds, polling; rejects after the time limit. */
export async function until<T>(
  predicate: () => T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts the language server through the shared LspTestClient with the probe preloaded (and any extra node
 * options): the client spawns `node dist/server.js --stdio` with the environment of this process, so the
 * probe goes in through NODE_OPTIONS for the time of the spawn.
 */
export function startProbedServer(options: {
  probeFile: string;
  watch?: string;
  nodeOptions?: string[];
  /** Environment for the server only (fault injection, heap readings). */
  env?: Record<string, string>;
}): LspTestClient {
  const extra = options.env ?? {};
  const saved: Record<string, string | undefined> = {
    NODE_OPTIONS: process.env.NODE_OPTIONS,
    KM_PROBE_OUT: process.env.KM_PROBE_OUT,
    KM_PROBE_WATCH: process.env.KM_PROBE_WATCH,
  };
  for (const key of Object.keys(extra)) saved[key] = process.env[key];
  Object.assign(process.env, extra);
  process.env.NODE_OPTIONS = [
    saved.NODE_OPTIONS ?? '',
    `--require ${JSON.stringify(PROBE)}`,
    ...(options.nodeOptions ?? []),
  ]
    .join(' ')
    .trim();
  process.env.KM_PROBE_OUT = options.probeFile;
  if (options.watch) process.env.KM_PROBE_WATCH = options.watch;
  else delete process.env.KM_PROBE_WATCH;
  try {
    return new LspTestClient();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** True while the process has not exited. */
export function isAlive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends a request and fails after the time limit instead of waiting forever. */
export async function requestWithin<T>(
  client: LspTestClient,
  method: string,
  params: unknown,
  timeoutMs = 20_000,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      client.connection.sendRequest(method, params) as Promise<T>,
      new Promise<T>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer to ${method} within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops a server whatever state it is in: a polite shutdown when it answers within a few seconds, else a
 * kill. (LspTestClient.stop waits for the shutdown answer, which a dead or stuck server never sends.)
 */
export async function stopServer(client: LspTestClient | undefined): Promise<void> {
  if (!client) return;
  if (isAlive(client.process)) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.stop().catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 5000);
      }),
    ]);
    clearTimeout(timer);
  }
  client.connection.dispose();
  if (isAlive(client.process)) client.process.kill('SIGKILL');
}
