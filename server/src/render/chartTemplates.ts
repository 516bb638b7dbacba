/**
 * A chart's templates as the mapping reads them: their texts (bounded reads of regular files), the
 * `define` bodies of its helper files, and each rendered document's template document.
 */
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFileSync } from '../workspaceFiles';
import type { RenderedDocument } from './helm';
import { chooseDocument, readDefines, readTemplate, type Skeleton } from './templateMap';

const MAX_TEMPLATE_BYTES = 1024 * 1024;
const MAX_DEPTH = 8;

/**
 * Parsed templates and helpers by their text, kept from one render of a chart to the next (the editor
 * renders on every pause in typing; most templates did not change). Holds what the last render used.
 */
export class TemplateCache {
  private last = new Map<string, unknown>();
  private next = new Map<string, unknown>();

  /** Starts a render: what the previous one did not use is dropped. */
  startRender(): void {
    this.last = this.next;
    this.next = new Map();
  }

  get<T>(kind: string, file: string, text: string, parse: () => T): T {
    const key = `${kind}\u0000${file}\u0000${text}`;
    const value = (
      this.next.has(key) ? this.next.get(key) : this.last.has(key) ? this.last.get(key) : parse()
    ) as T;
    this.next.set(key, value);
    return value;
  }
}

const NO_CACHE = { get: <T>(_kind: string, _file: string, _text: string, parse: () => T): T => parse() };

export class ChartTemplates {
  /** Template texts by their path relative to the chart (`templates/x.yaml`, `charts/sub/templates/x.yaml`). */
  readonly texts = new Map<string, string>();
  readonly defines = new Map<string, Skeleton>();
  private readonly documents = new Map<string, Skeleton[]>();
  private readonly kindsSeen = new Map<string, number>();

  /**
   * Reads the chart's templates; positions name files as `${prefix}${path in the chart}` (the chart
   * folder as the checked paths name it, with a slash; empty for paths relative to the chart).
   */
  constructor(
    chartDir: string,
    private readonly prefix = '',
    private readonly cache: Pick<TemplateCache, 'get'> = NO_CACHE,
    /** The chart's files by their path in the chart, when the caller holds them: nothing is read then. */
    given?: ReadonlyMap<string, string>,
  ) {
    const walk = (directory: string, depth: number) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(directory, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory() && depth < MAX_DEPTH) walk(path, depth + 1);
        else if (
          entry.isFile() &&
          /\.(ya?ml|tpl)$/.test(entry.name) &&
          /(^|[\\/])templates[\\/]/.test(path.slice(chartDir.length + 1))
        )
          try {
            this.texts.set(
              path
                .slice(chartDir.length + 1)
                .split('\\')
                .join('/'),
              readRegularFileSync(path, MAX_TEMPLATE_BYTES),
            );
          } catch {
            // Unreadable: what it writes maps to the chart's other lines.
          }
      }
    };
    // The chart's templates, and those of the charts vendored in its charts/ folder.
    if (given) {
      for (const [file, text] of given)
        if (/\.(ya?ml|tpl)$/.test(file) && /(^|\/)templates\//.test(file)) this.texts.set(file, text);
    } else walk(chartDir, 0);
    for (const [file, text] of this.texts)
      if (/(^|\/)_[^/]*$/.test(file) || file.endsWith('.tpl'))
        for (const [name, body] of cache.get('defines', `${prefix}${file}`, text, () =>
          readDefines(`${prefix}${file}`, text),
        ))
          this.defines.set(name, body);
  }

  /** Parses every template that is not a helper file (those are read for their defines). */
  parseAll(): void {
    for (const template of this.texts.keys())
      if (!/(^|\/)_[^/]*$/.test(template) && !template.endsWith('.tpl')) this.skeletonsOf(template);
  }

  private skeletonsOf(template: string): Skeleton[] | undefined {
    let skeletons = this.documents.get(template);
    if (skeletons) return skeletons;
    const text = this.texts.get(template);
    if (text === undefined) return undefined;
    const file = `${this.prefix}${template}`;
    skeletons = this.cache.get('template', file, text, () => readTemplate(file, text));
    this.documents.set(template, skeletons);
    return skeletons;
  }

  /** The template (relative to the chart) a rendered document names in its `# Source:` comment. */
  static templateOf(document: RenderedDocument): string {
    return document.source.slice(document.source.indexOf('/') + 1);
  }

  /**
   * The template document a rendered document came from. Called for the documents in output order: the
   * place among the documents of the same template and kind is counted here.
   */
  documentFor(document: RenderedDocument, contents: unknown, kind: unknown): Skeleton | undefined {
    const template = ChartTemplates.templateOf(document);
    const skeletons = this.skeletonsOf(template);
    if (!skeletons) return undefined;
    const kindKey = `${template}|${String(kind)}`;
    const sameKindIndex = this.kindsSeen.get(kindKey) ?? 0;
    this.kindsSeen.set(kindKey, sameKindIndex + 1);
    return chooseDocument(skeletons, contents, sameKindIndex);
  }
}
