/**
 * Chart fixes as quick fixes in the editor. A finding a chart's render put on a template or values line
 * keeps its rendered finding (RenderedAnalysis.originOf); asked for its actions, its rendered fix is
 * turned into a fix of the chart (proposeChartFix) and verified by re-rendering the chart from a
 * temporary copy holding the unsaved text and the fix (never the workspace): offered for review once the
 * re-render has no longer the finding, else withheld with the reason (a disabled action where the client
 * shows them). Only the diagnostics of a request are verified, a few at a time, and verified outcomes are
 * kept by the chart's render and the finding so that the light bulb asking again renders nothing.
 * A finding a build put on a base or patch line (RenderedAnalysis.builtOriginOf) gets the fix of its
 * kustomization the same way (proposeKustomizeFix), verified by building its roots again from a copy.
 */
import { join, relative, sep } from 'node:path';
import {
  type CodeAction,
  type CodeActionContext,
  CreateFile,
  type Diagnostic,
  TextDocumentEdit,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding } from '../engine/analyze';
import { parseFile } from '../engine/parse';
import type { FindingFix } from '../engine/result';
import type { SourceFile } from '../engine/workspace';
import type { BuiltFile } from '../render/kustomizations';
import { kustomizeRebuilder, proposeKustomizeFix, verifyKustomizeFix } from '../render/kustomizeFixes';
import type { FixVerdict, RenderedFixProposal } from '../render/renderedFixes';
import {
  chartRerenderer,
  proposeChartFix,
  type ReadFile,
  type RenderedChart,
  verifyChartFix,
} from '../render/templateFixes';
import { resolveRenderTools } from '../render/tools';
import { readRegularFileSync } from '../workspaceFiles';
import { FIX_CLASS_LABEL, findingOf, quickFixKind } from './codeActions';
import { type Folder, fixPreviewOf } from './folders';
import { type BuiltOrigin, RenderedAnalysis, type RenderedOrigin } from './renderedResults';

/** A verification's render: as long as the editor's own renders may take. */
const VERIFY_LIMITS = { timeoutMs: 30_000, maxOutputBytes: 32 * 1024 * 1024 };
/** Verifications a request starts at most (each runs helm template on a copy of the chart). */
export const MAX_VERIFICATIONS_PER_REQUEST = 3;
/** How long a request waits for its verifications; those still running answer the next request. */
const WAIT_MS = 10_000;
const CACHED_OUTCOMES = 256;

/** What the client can do with an action's edit and with actions that cannot be applied. */
export interface ChartFixClientSupport {
  documentChanges: boolean;
  createFiles: boolean;
  disabledActions: boolean;
}

export interface ChartFixRequest {
  folder: Folder;
  context: CodeActionContext;
  /** The findings of the document the request is for. */
  findings: readonly Finding[];
  openText(path: string): string | undefined;
  uriOf(path: string): string;
  /** The version of an open document, by its URI. */
  versionOf(uri: string): number | undefined;
}

/** A verified proposal with the texts it was proposed from (by path), or why none is offered. */
type Outcome =
  | { proposal: RenderedFixProposal; bases: Map<string, string | undefined> }
  | { withheld: string };

interface Entry {
  pending: Promise<Outcome>;
  settled?: Outcome;
}

export class ChartFixes {
  private readonly outcomes = new Map<string, Entry>();

  constructor(
    private readonly support: ChartFixClientSupport,
    private readonly waitMs = WAIT_MS,
  ) {}

  /** The chart fixes of the request's diagnostics that a render put on their lines. */
  async actions(request: ChartFixRequest): Promise<CodeAction[]> {
    const { folder } = request;
    const result = folder.result;
    if (!(result instanceof RenderedAnalysis) || !folder.renders?.trusted()) return [];
    const read = this.reader(request);
    const asked: Array<{
      diagnostic: Diagnostic;
      control: string;
      what: 'chart' | 'kustomization';
      entry?: Entry;
      reason?: string;
    }> = [];
    let started = 0;
    for (const diagnostic of request.context.diagnostics) {
      const finding = findingOf(request.findings, diagnostic);
      if (!finding) continue;
      const origin = result.originOf(finding);
      const built = origin ? undefined : result.builtOriginOf(finding);
      if (origin ? !origin.unit.key : !built?.builds.every((build) => build.unit.key)) continue;
      const what = origin ? 'chart' : 'kustomization';
      const key = origin ? outcomeKey(folder, origin) : builtOutcomeKey(folder, finding, built!);
      let entry = this.outcomes.get(key);
      if (entry?.settled && !isCurrent(entry.settled, read)) {
        this.outcomes.delete(key);
        entry = undefined;
      }
      if (!entry) {
        const fixes = origin
          ? [folder.analyzer.fixOf(origin.finding).fix]
          : built!.builds.map((build) => folder.analyzer.fixOf(build.finding).fix);
        if (!fixes.some((fix) => fix)) continue;
        if (started >= MAX_VERIFICATIONS_PER_REQUEST) {
          asked.push({
            diagnostic,
            control: finding.control,
            what,
            reason: `not verified: more than ${MAX_VERIFICATIONS_PER_REQUEST} ${what} fixes asked for at once (ask for this one alone)`,
          });
          continue;
        }
        started++;
        entry = origin
          ? this.start(key, folder, origin, fixes[0]!, read)
          : this.startBuilt(key, folder, finding, built!, read);
      }
      asked.push({ diagnostic, control: finding.control, what, entry });
    }
    if (asked.length === 0) return [];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(asked.map((item) => item.entry?.pending)),
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.waitMs);
      }),
    ]);
    clearTimeout(timer);
    return asked.flatMap(({ diagnostic, control, what, entry, reason }): CodeAction[] => {
      const outcome = entry?.settled;
      if (outcome && 'proposal' in outcome) {
        const edit = this.workspaceEdit(request, outcome.proposal, read);
        if (typeof edit !== 'string') {
          const { fix } = outcome.proposal;
          return [
            {
              title: `${fix.title}${FIX_CLASS_LABEL[fix.class]}`,
              kind: quickFixKind(fix.class),
              diagnostics: [diagnostic],
              isPreferred: false,
              edit,
            },
          ];
        }
        reason = edit;
      }
      reason ??= outcome
        ? 'withheld' in outcome
          ? outcome.withheld
          : undefined
        : `not verified: the ${what} is still being ${what === 'chart' ? 'rendered' : 'built'} with the fix (ask again)`;
      if (!reason || !this.support.disabledActions) return [];
      return [
        {
          title: `Fix ${control} in the ${what}`,
          kind: quickFixKind('review'),
          diagnostics: [diagnostic],
          disabled: { reason },
        },
      ];
    });
  }

  /** A folder's file by its path relative to the folder: the unsaved text, else the file on disk. */
  private reader({ folder, openText }: ChartFixRequest): ReadFile {
    return (path) => {
      const absolute = join(folder.path, path);
      const open = openText(absolute);
      if (open !== undefined) return open;
      try {
        return readRegularFileSync(absolute, folder.editor.maxFileSize);
      } catch {
        return undefined;
      }
    };
  }

  /** Proposes the chart fix and, when there is one, verifies it in the background. */
  private start(key: string, folder: Folder, origin: RenderedOrigin, fix: FindingFix, read: ReadFile): Entry {
    const { tracked, bases } = tracking(read);
    const chart = workspaceChart(folder, origin.rendered.chart);
    const proposed = proposeChartFix(origin.finding, fix, { ...origin.rendered, chart }, tracked);
    const helm = resolveRenderTools({ helm: folder.editor.helmPath }, (path) => path).helm;
    const entry: Entry = {
      pending: Promise.resolve<Outcome>(
        'withheld' in proposed
          ? { withheld: proposed.withheld }
          : { withheld: 'not verified: helm was not found; set kubeMaturity.helm.path' },
      ),
    };
    if (!('withheld' in proposed) && helm && folder.renders) {
      const renders = folder.renders;
      const root = origin.unit.root;
      // The chart as the editor holds it: its unsaved files, then the fix's.
      const files = new Map([...renders.unsavedTexts(root), ...proposed.files]);
      entry.pending = verifyChartFix(
        { ...proposed, files },
        chartRerenderer(chart, helm, VERIFY_LIMITS, folder.path),
        (documents) => {
          const replaced = [...(renders.all.find((unit) => unit.root === root)?.documents.keys() ?? [])];
          return findingsWithRebuilt(folder, replaced, documents);
        },
      ).then(...outcomeOf(proposed, bases));
    }
    return this.remember(key, entry);
  }

  /** Proposes the kustomization fix and, when there is one, verifies it in the background. */
  private startBuilt(
    key: string,
    folder: Folder,
    finding: Finding,
    origin: BuiltOrigin,
    read: ReadFile,
  ): Entry {
    const { tracked, bases } = tracking(read);
    const renders = folder.renders;
    const allBuilt = new Map<string, BuiltFile>();
    for (const unit of renders?.all ?? [])
      for (const [path, built] of unit.kustomizations?.built ?? []) allBuilt.set(path, built);
    const proposed = proposeKustomizeFix(
      { finding, builds: origin.builds.map(({ finding, built }) => ({ finding, built })) },
      allBuilt,
      tracked,
      (build) => folder.analyzer.fixOf(build).fix,
    );
    const tool = resolveRenderTools({ kustomize: folder.editor.kustomizePath }, (path) => path).kustomize;
    const entry: Entry = {
      pending: Promise.resolve<Outcome>(
        'withheld' in proposed
          ? { withheld: proposed.withheld }
          : { withheld: 'not verified: kustomize was not found; set kubeMaturity.kustomize.path' },
      ),
    };
    if (!('withheld' in proposed) && tool && renders) {
      // The roots as the editor holds them: their unsaved files, then the fix's.
      const unsaved = new Map(proposed.roots.flatMap((root) => [...renders.unsavedTexts(root)]));
      entry.pending = verifyKustomizeFix(
        proposed,
        kustomizeRebuilder(tool, VERIFY_LIMITS, renders.kustomizationSources(), folder.path, unsaved),
        (roots, documents) => {
          const replaced = renders.all
            .filter((unit) => roots.includes(unit.root))
            .flatMap((unit) => [...unit.documents.keys()]);
          return findingsWithRebuilt(folder, replaced, documents);
        },
      ).then(...outcomeOf(proposed, bases));
    }
    return this.remember(key, entry);
  }

  /** Keeps a verification's outcome once it settles (a bounded number of them). */
  private remember(key: string, entry: Entry): Entry {
    void entry.pending.then((outcome) => {
      entry.settled = outcome;
    });
    if (this.outcomes.size >= CACHED_OUTCOMES) this.outcomes.delete(this.outcomes.keys().next().value!);
    this.outcomes.set(key, entry);
    return entry;
  }

  /** The proposal's edits by file: a new template created, then filled in; or why the client cannot apply them. */
  private workspaceEdit(
    request: ChartFixRequest,
    proposal: RenderedFixProposal,
    read: ReadFile,
  ): WorkspaceEdit | string {
    const byFile = new Map<string, TextEdit[]>();
    for (const { file, range, newText } of proposal.fix.edits) {
      if (!file) return 'the fix names no file';
      const list = byFile.get(file) ?? [];
      list.push({ range, newText });
      byFile.set(file, list);
    }
    const uriOf = (file: string) => request.uriOf(join(request.folder.path, file));
    if (!this.support.documentChanges) {
      if ([...byFile.keys()].some((file) => read(file) === undefined))
        return 'the fix adds a file, which this editor cannot do in an edit';
      return { changes: Object.fromEntries([...byFile].map(([file, edits]) => [uriOf(file), edits])) };
    }
    const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
    for (const [file, edits] of byFile) {
      const uri = uriOf(file);
      const exists = read(file) !== undefined;
      if (!exists) {
        if (!this.support.createFiles) return 'the fix adds a file, which this editor cannot do in an edit';
        documentChanges.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }));
      }
      documentChanges.push(
        TextDocumentEdit.create({ uri, version: exists ? (request.versionOf(uri) ?? null) : null }, edits),
      );
    }
    return { documentChanges };
  }
}

/** A rendered finding by its chart's render (the files and their unsaved text) and its place in it. */
function outcomeKey(folder: Folder, { finding, unit }: RenderedOrigin): string {
  const start = finding.range?.start;
  return [
    folder.path,
    unit.key,
    finding.file,
    finding.control,
    start ? `${start.line}:${start.character}` : '',
    finding.container ?? '',
    finding.message,
  ].join('\u0000');
}

/** A reader that keeps what it read: the texts a proposal was made from. */
function tracking(read: ReadFile): { tracked: ReadFile; bases: Map<string, string | undefined> } {
  const bases = new Map<string, string | undefined>();
  const tracked: ReadFile = (path) => {
    const text = read(path);
    bases.set(path, text);
    return text;
  };
  return { tracked, bases };
}

/** What a verification settles to: the proposal with the texts it was made from, or why it is not offered. */
function outcomeOf(
  proposal: RenderedFixProposal,
  bases: Map<string, string | undefined>,
): [(verdict: FixVerdict) => Outcome, (error: Error) => Outcome] {
  return [
    (verdict) => (verdict.verified ? { proposal, bases } : { withheld: `not verified: ${verdict.reason}` }),
    (error) => ({ withheld: `not verified: ${error.message}` }),
  ];
}

/** The folder's findings with rendered documents (absolute paths) replaced by those rendered again. */
function findingsWithRebuilt(
  folder: Folder,
  replaced: readonly string[],
  documents: readonly SourceFile[],
): Finding[] {
  return fixPreviewOf(folder).findingsWith(
    replaced,
    documents.map((document) => parseFile(join(folder.path, document.path), document.text)),
  );
}

/** A built finding by the builds that show it (their files and unsaved text) and its place. */
function builtOutcomeKey(folder: Folder, finding: Finding, origin: BuiltOrigin): string {
  const start = finding.range?.start;
  return [
    folder.path,
    ...origin.builds.map((build) => build.unit.key),
    finding.file,
    finding.control,
    start ? `${start.line}:${start.character}` : '',
    finding.container ?? '',
    finding.message,
  ].join('\u0000');
}

/** True when the files a verified proposal was made from still read the same. */
function isCurrent(outcome: Outcome, read: ReadFile): boolean {
  if (!('proposal' in outcome)) return true;
  for (const [path, text] of outcome.bases) if (read(path) !== text) return false;
  return true;
}

/**
 * The chart as the workspace holds it: a render from unsaved text ran in a temporary copy, whose paths
 * the chart would otherwise name (and which is gone once the text is saved).
 */
function workspaceChart(folder: Folder, chart: RenderedChart): RenderedChart {
  const dir = chart.path === '.' ? folder.path : join(folder.path, chart.path);
  const prefix = chart.path === '.' ? '' : `${chart.path}/`;
  return {
    path: chart.path,
    dir,
    render: { ...chart.render, chartDir: dir },
    valuesFiles: [
      `${prefix}values.yaml`,
      ...chart.render.valuesFiles.map((file) => relative(folder.path, file).split(sep).join('/')),
    ],
  };
}
