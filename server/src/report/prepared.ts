/**
 * A report's findings written elsewhere (the worker threads of `check --jobs`): their text in the report's
 * form, in report order, piece by piece as the writer reaches them. The rest of the report is written here.
 */
import type { Finding } from '../engine/result';
import type { Piece, Text } from './jsonText';
import type { TextCounts, TextOptions } from './text';

export type ItemsFormat = 'json' | 'sarif';

export interface PreparedFindings {
  /** The JSON report's findings, or the SARIF results, as items `depth` levels deep (see PreparedList). */
  items(format: ItemsFormat, depth: number): Iterable<Piece>;
  /** The text report's file sections in path order, the workspace's aside: whole lines ('' for none), with what they counted. */
  sections(options: TextOptions): Iterable<Promise<TextSections>>;
  /** The findings of no file (made here), which the text report lists last. */
  workspaceFindings: readonly Finding[];
}

export interface TextSections {
  lines: Text;
  counts: TextCounts;
}
