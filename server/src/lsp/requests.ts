import type { Connection, Disposable } from 'vscode-languageserver/node';
import packageJson from '../../../package.json';
import { allControls } from '../controls';
import type { MaturityModel } from '../engine/verdict';
import type { WorkspaceResult } from '../engine/workspace';
import {
  MarkdownReportRequest,
  MaturityReportRequest,
  RenderedDocumentRequest,
  RendersIdleRequest,
  type RequestSpec,
  ServerInfoRequest,
  type TreeParams,
  TreeRequest,
  VerdictRequest,
  type VerdictResult,
} from '../protocol';
import { buildMaturityReport, type MaturityReport } from '../report/maturity';
import { buildTree, renderMarkdown, type TreeGroupBy, type WorkspaceTree } from '../report/tree';
import { displayPathOf, type Folder, notRenderedOf } from './folders';

const SERVER_VERSION: string = packageJson.version;

/** What the custom requests answer from. */
export interface RequestSources {
  /** Resolves once the folders are loaded and scanned. */
  ready: () => Promise<void>;
  activeFolders: () => Folder[];
  summarize: (folder: Folder, model?: MaturityModel) => WorkspaceResult;
  uriOf: (path: string) => string;
  renderedText: (uri: string) => string | undefined;
  rendersIdle: () => Promise<void>;
}

export function verdictResult(sources: RequestSources, params: TreeParams): VerdictResult {
  return {
    folders: sources.activeFolders().map((folder) => {
      const summary = sources.summarize(folder, params.model);
      return { folder: folder.uri, name: folder.name, stage: summary.verdict, score: summary.score };
    }),
  };
}

export function workspaceTrees(sources: RequestSources, params: TreeParams): WorkspaceTree[] {
  const groupBy: TreeGroupBy = params.groupBy ?? 'stage';
  return sources.activeFolders().map((folder) => {
    const summary = sources.summarize(folder, params.model);
    return buildTree(
      {
        folder: folder.uri,
        name: folder.name,
        findings: summary.analysis.findings,
        tallies: summary.analysis.tallies,
        verdict: summary.verdict,
        score: summary.score,
        controls: allControls,
        notApplied: folder.notApplied,
        notRendered: notRenderedOf(folder),
        display: (file) => ({ path: displayPathOf(folder, file), uri: sources.uriOf(file) }),
      },
      groupBy,
    );
  });
}

export function maturityReports(
  sources: RequestSources,
  params: TreeParams,
  generated = new Date(),
): MaturityReport[] {
  return sources.activeFolders().map((folder) => {
    const summary = sources.summarize(folder, params.model);
    const notRendered = notRenderedOf(folder);
    return buildMaturityReport({
      name: folder.name,
      generated,
      toolVersion: SERVER_VERSION,
      verdict: summary.verdict,
      score: summary.score,
      breakdown: summary.analysis.breakdown,
      findings: summary.analysis.eachFinding(),
      display: (file) => ({ path: displayPathOf(folder, file), uri: sources.uriOf(file) }),
      notes: [
        ...(folder.notApplied && folder.notApplied.length > 0
          ? [
              `Restricted mode: not applied from the workspace configuration: ${folder.notApplied.join(', ')}.`,
            ]
          : []),
        ...(notRendered && notRendered.length > 0 ? [`Not rendered: ${notRendered.join('; ')}.`] : []),
      ],
    });
  });
}

/** Binds the requests of protocol.ts: verdict, tree and Markdown report once the folders are read, server info at once. */
export function bindRequests(connection: Connection, sources: RequestSources): Disposable[] {
  const bind = <P, R>(spec: RequestSpec<P, R>, handler: (params: P) => Promise<R>): Disposable =>
    connection.onRequest(spec.method, (params: P) => handler(params ?? ({} as P)));
  const whenReady =
    <P, R>(answer: (params: P) => R) =>
    async (params: P): Promise<R> => {
      await sources.ready();
      return answer(params);
    };
  return [
    bind(
      VerdictRequest,
      whenReady((params) => verdictResult(sources, params)),
    ),
    bind(
      TreeRequest,
      whenReady((params) => workspaceTrees(sources, params)),
    ),
    bind(
      MarkdownReportRequest,
      whenReady((params) =>
        renderMarkdown(workspaceTrees(sources, params), {
          generated: new Date(),
          toolVersion: SERVER_VERSION,
        }),
      ),
    ),
    bind(
      MaturityReportRequest,
      whenReady((params) => maturityReports(sources, params)),
    ),
    bind(ServerInfoRequest, async () => ({ pid: process.pid, version: SERVER_VERSION })),
    bind(RenderedDocumentRequest, async (params) => {
      await sources.ready();
      return sources.renderedText(params.uri) ?? null;
    }),
    bind(RendersIdleRequest, async () => {
      await sources.ready();
      await sources.rendersIdle();
      return null;
    }),
  ];
}
