import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { PROJECT_ROOT } from './paths';

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
  severity: number;
  code?: string;
  codeDescription?: { href: string };
  source: string;
  message: string;
  data?: { control: string; version?: number };
}
export interface TextEdit {
  range: Range;
  newText: string;
}
export interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes: Record<string, TextEdit[]> };
  command?: { command: string; arguments?: unknown[] };
}

export function uriOf(path: string): string {
  return pathToFileURL(path).toString();
}

/**
 * Drives `dist/server.js --stdio` as an editor would: answers its requests (configuration, progress,
 * capability registration) and lets tests wait for the notifications they expect.
 */
/**
 * The default answer for `kubeMaturity`: rendering off, so that whether the machine has helm or kubectl on
 * PATH changes nothing; the rendering tests name their binaries (or their PATH) themselves.
 */
export const NOT_RENDERING: Record<string, unknown> = { render: { enabled: false } };

export class LspTestClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly logs: string[] = [];
  /** What `workspace/configuration` answers for the `kubeMaturity` section. */
  settings: Record<string, unknown> = NOT_RENDERING;
  /** Until it settles, `workspace/configuration` is not answered: a slow client. */
  settingsHeld: Promise<void> = Promise.resolve();
  /** How many times the server has asked for the settings. */
  settingsAsked = 0;
  /** What `window/showMessageRequest` answers; a throw answers with an error, as a client may. */
  answerShowMessage: () => unknown = () => null;
  private waiters: Array<() => void> = [];

  /** `env`: the server's environment (its PATH decides which helm it finds), the test's by default. */
  constructor(env?: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: env ?? process.env,
    });
    this.process.stderr!.on('data', (chunk) => this.logs.push(String(chunk)));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        this.diagnostics.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
        this.wake();
      },
    );
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    this.connection.onRequest(
      'workspace/configuration',
      async (params: { items: Array<{ section?: string }> }) => {
        this.settingsAsked++;
        this.wake();
        await this.settingsHeld;
        return params.items.map((item) =>
          item.section === 'kubeMaturity' ? this.settings : item.section === 'files.exclude' ? {} : null,
        );
      },
    );
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/showMessageRequest', () => this.answerShowMessage());
    this.connection.listen();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Resolves when the predicate holds, checked after each notification from the server. */
  waitFor<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = () => {
        const value = predicate();
        if (value) {
          clearTimeout(timer);
          resolve(value);
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  waitForDiagnostics(
    uri: string,
    accept: (diagnostics: Diagnostic[], version?: number) => boolean = () => true,
  ) {
    return this.waitFor(() => {
      const entry = this.diagnostics.get(uri);
      return entry && accept(entry.diagnostics, entry.version) ? entry.diagnostics : undefined;
    }, `diagnostics of ${uri}`);
  }

  async initialize(folder: string, initializationOptions?: Record<string, unknown>): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      initializationOptions,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: 'workspace' }],
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: { disabledSupport: true },
          hover: {},
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves once the server has finished a revision (its first scan, an edit). */
  waitForRevision(
    atLeast: number,
  ): Promise<{ revision: number; manifestFiles: number; stage: number | null }> {
    return this.waitFor(() => {
      const changed = this.notifications
        .filter((n) => n.method === 'kubeMaturity/resultsChanged')
        .map((n) => n.params as { revision: number; manifestFiles: number; stage: number | null });
      const last = changed[changed.length - 1];
      return last && last.revision >= atLeast ? last : undefined;
    }, `revision ${atLeast}`);
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): void {
    void this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  change(uri: string, version: number, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  }

  changeRange(uri: string, version: number, range: Range, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.process.kill();
  }
}
