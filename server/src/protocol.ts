/**
 * The custom messages between the VS Code client and the language server, typed once and imported by
 * both sides. A message is its method name with its parameter and result types; each side binds it with
 * its own LSP library (server: `connection.onRequest(spec.method, …)`), whatever their versions.
 */

export interface RequestSpec<P, R> {
  method: string;
  /** Type carriers only. */
  readonly params?: P;
  readonly result?: R;
}

export interface NotificationSpec<P> {
  method: string;
  readonly params?: P;
}

import type { MaturityModel } from './engine/verdict';
import type { MaturityReport } from './report/maturity';
import type { TreeGroupBy, WorkspaceTree } from './report/tree';

export interface TreeParams {
  model?: MaturityModel;
  groupBy?: TreeGroupBy;
}

/** The maturity verdict and score, the same JSON as the CLI report's `stage` and `score`, per folder. */
export interface VerdictResult {
  folders: Array<{ folder: string; name: string; stage: import('./engine/verdict').Verdict; score: number }>;
}

export const VerdictRequest: RequestSpec<TreeParams, VerdictResult> = { method: 'kubeMaturity/verdict' };

/** Findings grouped for the sidebar tree, per workspace folder. */
export const TreeRequest: RequestSpec<TreeParams, WorkspaceTree[]> = { method: 'kubeMaturity/tree' };

/** The Markdown report the "Export report" command saves: the same numbers as the tree. */
export const MarkdownReportRequest: RequestSpec<TreeParams, string> = {
  method: 'kubeMaturity/markdownReport',
};

/** The maturity report of each folder (the webview's page): drawn from the same verdict as the tree. */
export const MaturityReportRequest: RequestSpec<TreeParams, MaturityReport[]> = {
  method: 'kubeMaturity/maturityReport',
};

/** The command a report's link runs: opens a file at a line and character (the only command its page may run). */
export const OPEN_LOCATION_COMMAND = 'kubeMaturity.openLocation';

export interface ResultsChangedParams {
  /** Increases with every analysis, so a client can drop stale answers. */
  revision: number;
  /** Files holding Kubernetes objects, across folders: the welcome view shows when there are none. */
  manifestFiles: number;
  /** The verdict of the first folder, for the status bar. */
  stage: number | null;
  model: MaturityModel;
}

/** Sent after each analysis whose results differ from the previous one. */
export const ResultsChangedNotification: NotificationSpec<ResultsChangedParams> = {
  method: 'kubeMaturity/resultsChanged',
};

/** What a diagnostic carries for the code actions: never matched by its message. */
export interface DiagnosticData {
  control: string;
  /** The document version the diagnostic was computed for. */
  version?: number;
}

/** What the client passes when it starts the server. */
export interface InitializationOptions {
  /** False in an untrusted (restricted mode) workspace: the workspace's own configuration is limited. */
  trusted?: boolean;
}

/** The user granted workspace trust: the server applies the workspace configuration in full. */
export const TrustChangedNotification: NotificationSpec<{ trusted: boolean }> = {
  method: 'kubeMaturity/trustChanged',
};

/** The server's process, for the client's log and the crash-restart test. */
export const ServerInfoRequest: RequestSpec<Record<string, never>, { pid: number; version: string }> = {
  method: 'kubeMaturity/serverInfo',
};

export interface RenderStatusParams {
  /** Rendering binaries that charts or kustomizations of the workspace need and that were not found. */
  missing: Array<{ tool: string; setting: string }>;
}

/** Sent when a chart or kustomization cannot be rendered for want of its binary: the status bar says so. */
export const RenderStatusNotification: NotificationSpec<RenderStatusParams> = {
  method: 'kubeMaturity/renderStatus',
};

/** The URI scheme of rendered documents, which the client shows read-only. */
export const RENDERED_SCHEME = 'kube-maturity-rendered';

/** The text of a rendered document (`kube-maturity-rendered:` URIs, from a diagnostic's related information). */
export const RenderedDocumentRequest: RequestSpec<{ uri: string }, string | null> = {
  method: 'kubeMaturity/renderedDocument',
};

/** Resolves once every render asked for so far has finished (for tests: nothing to wait on with sleeps). */
export const RendersIdleRequest: RequestSpec<Record<string, never>, null> = {
  method: 'kubeMaturity/rendersIdle',
};

export const SHOW_DOCUMENTATION_COMMAND = 'kubeMaturity.showDocumentation';

/**
 * The Node options the server runs with (the client's and the benchmark's): `--expose-gc` lets it give
 * memory back once it is idle (lsp/idleCollection.ts); started without, it only keeps it longer.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--expose-gc'];
