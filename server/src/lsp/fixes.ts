import type { Analyzer, Finding } from '../engine/analyze';
import type { FixClass } from '../engine/control';
import type { ParsedFile } from '../engine/parse';
import type { TextEdit } from '../engine/text';
import { applyFixes } from '../engine/workspace';
import { minimalEdit } from './edits';

/** Which fixes a "fix all" applies. */
export interface FixAllScope {
  classes: FixClass[];
  controlIds?: ReadonlySet<string>;
  /** The findings of one object or container only (same identity across the rounds). */
  only?: (finding: Finding) => boolean;
}

/**
 * Previews "fix all" in one file without touching the live analyzer: the fixes are applied on a mirror, an
 * analyzer of the same settings and controls that is given the live analyzer's files before each preview.
 * Only the files that differ are given again, so a preview costs what an edit costs; the first costs a full
 * analysis, and the mirror keeps an analysis of its own (the parsed files are shared).
 */
export class FixPreview {
  constructor(
    private readonly live: Analyzer,
    private readonly mirror: Analyzer,
  ) {}

  /** All the fixes of the scope in the file as one minimal edit, computed with the whole workspace in view. */
  fileEdit(path: string, scope: FixAllScope): TextEdit | undefined {
    const original = this.live.getFile(path);
    if (!original) return undefined;
    this.mirrorLiveFiles();
    const fixed = applyFixes(this.mirror, { ...scope, paths: new Set([path]) }).changed.get(path);
    return fixed === undefined ? undefined : minimalEdit(original, fixed.replace(/^\uFEFF/, ''));
  }

  /**
   * The folder's findings with `documents` in place of the files `replaced` (a chart's rendered documents
   * and their re-render with a fix), analysed on the mirror: the mirror is left with the live files.
   */
  findingsWith(replaced: readonly string[], documents: readonly ParsedFile[]): Finding[] {
    this.mirrorLiveFiles();
    for (const path of replaced) this.mirror.removeFile(path);
    for (const document of documents) this.mirror.setFile(document);
    const findings = [...this.mirror.run().findings];
    for (const document of documents) this.mirror.removeFile(document.path);
    this.mirrorLiveFiles();
    return findings;
  }

  private mirrorLiveFiles(): void {
    for (const path of this.mirror.filePaths) if (!this.live.getFile(path)) this.mirror.removeFile(path);
    for (const path of this.live.filePaths) {
      const file = this.live.getFile(path)!;
      if (this.mirror.getFile(path) !== file) this.mirror.setFile(file);
    }
  }
}
