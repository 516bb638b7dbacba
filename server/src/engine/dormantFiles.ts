/**
 * Files the language server holds as text (those not open in the editor): the parse of every file of a
 * large workspace is most of its memory, and a closed file's checks run again only when something they
 * read changes. Such a file keeps its text, line index and problems (a ParsedFile whose documents are
 * parsed again when read) and its objects as summaries (objectSummary.ts). The parse it was read with is
 * held until the analysis that checks it is done, then only weakly: a later check or fix that reads a
 * node finds it, or parses the text again (the same objects by key, the same offsets).
 */
import { extractObjects, type KubeObject } from './model';
import { type ObjectSummary, SummarizedObject, summaryOf } from './objectSummary';
import { type ParsedFile, parseFile } from './parse';

interface Parse {
  file: ParsedFile;
  objects: Map<string, KubeObject>;
}

const dormantOfFile = new WeakMap<ParsedFile, DormantFile>();

/** The dormant file a text-only ParsedFile stands for. */
export function dormantOf(file: ParsedFile): DormantFile | undefined {
  return dormantOfFile.get(file);
}

export class DormantFile {
  /** The file without its documents held: they are parsed again when read. */
  readonly file: ParsedFile;
  /** Every object of the file, whether or not the workspace's layout checks it. */
  readonly objects: readonly DormantObject[];
  private held?: Parse;
  private weak?: WeakRef<Parse>;

  /** `objects` are `parsed`'s (extractObjects, which also adds the file's schema problems). */
  constructor(parsed: ParsedFile, objects: readonly KubeObject[]) {
    this.held = { file: parsed, objects: new Map(objects.map((object) => [object.key, object])) };
    this.file = textOnly(parsed, this);
    this.objects = objects.map((object) => new DormantObject(summaryOf(object), this));
  }

  /** The parse of the file's text: the one held, or still reachable, or a new one. */
  parse(): Parse {
    let parse = this.held ?? this.weak?.deref();
    if (!parse) {
      const { path, bom, text } = this.file;
      const file = parseFile(path, bom ? `\uFEFF${text}` : text);
      parse = { file, objects: new Map(extractObjects(file).map((object) => [object.key, object])) };
      this.weak = new WeakRef(parse);
    }
    return parse;
  }

  /** After the analysis that read it: the parse stays only while something else holds it. */
  release(): void {
    if (!this.held) return;
    this.weak = new WeakRef(this.held);
    this.held = undefined;
  }
}

/** An object of a dormant file: its summary, its file without documents, and its nodes from a parse. */
export class DormantObject extends SummarizedObject {
  constructor(
    summary: ObjectSummary,
    private readonly dormant: DormantFile,
  ) {
    super(summary, () => [...dormant.parse().objects.values()]);
  }

  override get file(): ParsedFile {
    return this.dormant.file;
  }

  override parsed(): KubeObject {
    const found = this.dormant.parse().objects.get(this.key);
    if (!found) throw new Error(`${this.key} is not in ${this.summary.file} as it was read`);
    return found;
  }
}

function textOnly(parsed: ParsedFile, dormant: DormantFile): ParsedFile {
  const file = {
    path: parsed.path,
    text: parsed.text,
    bom: parsed.bom,
    lineEnding: parsed.lineEnding,
    lines: parsed.lines,
    json: parsed.json,
    // Its own list: a parse of the text adds the schema problems to that parse's.
    problems: [...parsed.problems],
    get documents() {
      return dormant.parse().file.documents;
    },
  } as ParsedFile;
  if (parsed.skipped !== undefined) file.skipped = parsed.skipped;
  if (parsed.chartFolders) file.chartFolders = parsed.chartFolders;
  dormantOfFile.set(file, dormant);
  return file;
}
