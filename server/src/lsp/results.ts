import { allControls } from '../controls';
import type { AnalysisResult } from '../engine/analyze';
import type { MaturityModel } from '../engine/verdict';
import { summarize, type WorkspaceResult } from '../engine/workspace';
import type { ResultsChangedParams } from '../protocol';
import type { Folder } from './folders';
import { RenderedAnalysis } from './renderedResults';

/** The folders' analyses and verdicts, computed when asked for and kept until their files change. */
export class FolderResults {
  private readonly loggedFailures = new Set<string>();
  private revision = 0;

  constructor(
    private readonly logError: (message: string) => void,
    /** An open document's text, by its path. */
    private readonly openText: (path: string) => string | undefined,
  ) {}

  /**
   * The folder's current analysis, with the findings of rendered charts and kustomizations on the files
   * that wrote them; a control that fails is logged the first time only.
   */
  analyze(folder: Folder): AnalysisResult {
    const analysis = folder.analyzer.run();
    if (analysis !== folder.analysis || !folder.result) {
      folder.analysis = analysis;
      const { renders } = folder;
      const units = renders?.all ?? [];
      folder.result =
        renders && units.length > 0
          ? new RenderedAnalysis(
              analysis,
              folder,
              (path) => renders.isRendered(path),
              units,
              this.openText,
              folder.result instanceof RenderedAnalysis ? folder.result : undefined,
            )
          : analysis;
      folder.summary = undefined;
      const result = folder.result;
      for (const failure of result.controlFailures) {
        if (this.loggedFailures.has(failure.control)) continue;
        this.loggedFailures.add(failure.control);
        this.logError(`kube-maturity: ${failure.message} (the other controls still report)`);
      }
    }
    return folder.result;
  }

  /**
   * True when any folder's analysis differs from the one the last revision announced (`announce`): a
   * request that analysed first (the light bulb asked for at once after a quick fix, a hover) does not
   * hide a change from the tree and the status bar.
   */
  analyzeAll(folders: readonly Folder[]): boolean {
    let changed = false;
    for (const folder of folders) {
      this.analyze(folder);
      if (folder.result !== this.announced.get(folder)) changed = true;
    }
    return changed;
  }

  /** The verdict and score of a folder in a model (the folder's lens by default; that one is kept). */
  summarize(folder: Folder, model?: MaturityModel): WorkspaceResult {
    const analysis = this.analyze(folder);
    const lens = model ?? folder.editor.lens;
    if (folder.summary && folder.summary.verdict.model === lens) return folder.summary;
    const summary = summarize(analysis, { settings: folder.settings, controls: allControls, model: lens });
    if (!model || model === folder.editor.lens) folder.summary = summary;
    return summary;
  }

  /** The analyses a revision is about to announce (see analyzeAll). */
  announce(folders: readonly Folder[]): void {
    for (const folder of folders) this.announced.set(folder, folder.result);
  }

  private readonly announced = new WeakMap<Folder, Folder['result']>();

  /** The next revision's notification: what the status bar and the welcome view show. */
  nextRevision(activeFolders: readonly Folder[]): ResultsChangedParams {
    this.revision++;
    const first = activeFolders[0];
    const summary = first ? this.summarize(first) : undefined;
    const manifestFiles = activeFolders.reduce(
      (total, folder) => total + (folder.result ? folder.analyzer.manifestFileCount : 0),
      0,
    );
    return {
      revision: this.revision,
      manifestFiles,
      stage: summary?.verdict.stage ?? null,
      model: summary?.verdict.model ?? 'fairwinds',
    };
  }
}
