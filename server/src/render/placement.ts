/**
 * Moving a rendered or built finding back onto a file of the workspace: the rendered document as the
 * analysis parsed it, each workspace file read, indexed and parsed once for all the findings placed in it.
 */
import { type Document, parseAllDocuments } from 'yaml';
import type { ParsedFile } from '../engine/parse';
import type { Finding } from '../engine/result';
import { LineIndex, type Position } from '../engine/text';

/** Texts parsed by placements, read only, the most recent first out last; bounded by their total length. */
const parsedTexts = new Map<string, Document.Parsed[]>();
let parsedLength = 0;
const MAX_PARSED_LENGTH = 8 * 1024 * 1024;

function rememberParsed(text: string, documents: Document.Parsed[]): void {
  if (text.length > MAX_PARSED_LENGTH / 4) return;
  parsedTexts.set(text, documents);
  parsedLength += text.length;
  for (const oldest of parsedTexts.keys()) {
    if (parsedLength <= MAX_PARSED_LENGTH) break;
    parsedTexts.delete(oldest);
    parsedLength -= oldest.length;
  }
}

export class FindingPlacer {
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly documents = new Map<string, Document.Parsed[]>();

  constructor(
    /** The rendered documents as the analysis parsed them, by their (virtual) path. */
    private readonly parsedFile: (path: string) => ParsedFile | undefined,
    /** A workspace file's text (undefined when it cannot be read). */
    readonly readText: (path: string) => string | undefined,
  ) {}

  /** A rendered document's contents and lines, as the analysis parsed it (or parsed here). */
  rendered(path: string, text: string): { contents: unknown; lines: LineIndex } {
    const file = this.parsedFile(path);
    return {
      contents: file?.documents[0]?.doc.contents ?? parseAllDocuments(text)[0]?.contents,
      lines: file?.lines ?? new LineIndex(text),
    };
  }

  /**
   * The documents of a workspace file, parsed once, and once per text across placements: a template
   * keystroke renders again, and the values files and patches it did not change are not parsed again.
   */
  documentsOf(path: string): Document.Parsed[] {
    let documents = this.documents.get(path);
    if (!documents) {
      const text = this.readText(path) ?? '';
      documents = parsedTexts.get(text);
      if (!documents) {
        const parsed = parseAllDocuments(text);
        documents = Array.isArray(parsed) ? parsed : [];
        rememberParsed(text, documents);
      }
      this.documents.set(path, documents);
    }
    return documents;
  }

  /** The position of an offset in a workspace file. */
  positionIn(path: string, offset: number): Position {
    return this.lines(path).position(offset);
  }

  /**
   * Moves the finding to `file` at `start`, its range to the end of that line; its fix is withheld with
   * `withheld` (a fix of rendered text would edit the file it came from, which is not offered yet).
   */
  place(finding: Finding, file: string, start: Position, withheld: string): void {
    const lines = this.lines(file);
    const lineText = start.line < lines.lineCount ? lines.lineText(start.line) : '';
    if (finding.file) finding.rendered = { file: finding.file, range: finding.range };
    finding.file = file;
    finding.range = {
      start,
      end: { line: start.line, character: Math.max(start.character, lineText.trimEnd().length) },
    };
    delete finding.fix;
    if (!finding.exempt) finding.fixWithheld = withheld;
  }

  private lines(path: string): LineIndex {
    let lines = this.lineIndexes.get(path);
    if (!lines) {
      lines = new LineIndex(this.readText(path) ?? '');
      this.lineIndexes.set(path, lines);
    }
    return lines;
  }
}

/** The whole of a line of `text` that `matches`, the first such line, as a range. */
export function wholeLineWhere(
  text: string,
  matches: (line: string, index: number) => boolean,
): { start: Position; end: Position } | undefined {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex(matches);
  if (line < 0) return undefined;
  return { start: { line, character: 0 }, end: { line, character: lines[line].length } };
}

/** The first line of `text` that holds `needle`, whole. */
export function lineHolding(text: string, needle: string): { start: Position; end: Position } | undefined {
  return wholeLineWhere(text, (line) => line.includes(needle));
}
