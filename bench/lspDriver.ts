import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  code?: string | number;
  message: string;
}
export interface Publication {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
  /** performance.now() when the client had read it. */
  at: number;
  /** How many publications for this URI came before it. */
  sequence: number;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).toString();
}

/**
 * An editor's side of the Language Server Protocol, in process, over a server's stdio: the same client
 * drives kube-maturity and yaml-language-server. It answers the server's requests (configuration,
 * progress, capability registration) from `configuration`, records every publishDiagnostics with the
 * time it was read, and wakes waiters on every message: nothing waits on a timer.
 */
export class LspDriver {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly latest = new Map<string, Publication>();
  readonly notifications: Array<{ method: string; params: unknown; at: number }> = [];
  readonly stderr: string[] = [];
  /** Configuration sections the server has asked for. */
  readonly sectionsRead = new Set<string>();
  private readonly counts = new Map<string, number>();
  private waiters: Array<() => void> = [];
  private exited = false;

  constructor(
    readonly name: string,
    args: string[],
    /** Answers `workspace/configuration` for a section (null when the client has nothing). */
    private readonly configuration: (section: string | undefined) => unknown,
  ) {
    this.process = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk) => {
      if (this.stderr.length < 200) this.stderr.push(String(chunk));
    });
    this.process.on('exit', () => {
      this.exited = true;
      this.wake();
    });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        const sequence = this.counts.get(params.uri) ?? 0;
        this.counts.set(params.uri, sequence + 1);
        this.latest.set(params.uri, { ...params, at: performance.now(), sequence });
        this.wake();
      },
    );
    this.connection.onNotification((method: string, params: unknown) => {
      if (method !== 'window/logMessage' && method !== 'telemetry/event' && method !== '$/progress')
        this.notifications.push({ method, params, at: performance.now() });
      this.wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
      for (const item of params.items) this.sectionsRead.add(item.section ?? '');
      setImmediate(() => this.wake());
      return params.items.map((item) => this.configuration(item.section) ?? null);
    });
    this.connection.onRequest((_method: string) => null);
    this.connection.listen();
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** Publications seen for a URI so far. */
  published(uri: string): number {
    return this.counts.get(uri) ?? 0;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Resolves when the predicate holds, checked on every message from the server. */
  waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 180_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: timed out waiting for ${what}\n${this.stderr.join('')}`)),
        timeoutMs,
      );
      const check = () => {
        const value = predicate();
        if (value) {
          clearTimeout(timer);
          resolve(value);
        } else if (this.exited) {
          clearTimeout(timer);
          reject(new Error(`${this.name} exited while waiting for ${what}\n${this.stderr.join('')}`));
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  /** The first publication for the URI after `after` earlier ones (that is, the next one). */
  nextDiagnostics(uri: string, after: number, accept: (p: Publication) => boolean = () => true) {
    return this.waitFor(() => {
      const last = this.latest.get(uri);
      return last && last.sequence >= after && accept(last) ? last : undefined;
    }, `diagnostics of ${uri}`);
  }

  async initialize(folder: string): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: 'workspace' }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
        },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          codeAction: {},
          hover: {},
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  /** An incremental change, as an editor sends a keystroke. */
  change(uri: string, version: number, range: Range, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  /** Current and peak resident set size of the server process, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([
        this.connection.sendRequest('shutdown'),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (!this.exited) this.process.kill();
  }
}
