/**
 * Which values files define a values path a template reads: for a template of a subchart vendored in
 * charts/, its own values.yaml at the path and the parent's files under the subchart's key.
 */
import type { Document } from 'yaml';

/** A values path as keys and list indexes: `env[1].value`, `env.[1].value` → env, 1, value. */
export function valuesKeys(path: string): Array<string | number> {
  const keys: Array<string | number> = [];
  for (const match of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g))
    keys.push(match[1] !== undefined ? Number(match[1]) : match[2]);
  return keys;
}

function keysText(keys: ReadonlyArray<string | number>): string {
  return keys
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`))
    .join('')
    .slice(1);
}

export interface ValuesFiles {
  /** The chart folder as the checked paths name it, with a slash ('' for the checked folder). */
  prefix: string;
  /** The values files the chart is rendered with, as the checked paths name them, the chart's values.yaml first. */
  files: readonly string[];
  /** The documents of a file of the workspace (none when it cannot be read). */
  documentsOf(path: string): readonly Document.Parsed[];
}

/**
 * Each file that defines one of `paths` (comma-separated) read by `template`, with the key it defines.
 * When the rendered field is a scalar (`rendered`), a file whose scalar there is not part of it does not
 * count: it was overridden, or the template wrote something else (`{{ $job.image | default .Values.x }}`).
 */
export function valuesDefining(
  template: string,
  paths: string,
  chart: ValuesFiles,
  rendered?: string,
): Array<{ file: string; key: string }> {
  const inChart = template.slice(chart.prefix.length);
  // The subcharts the template is in, outermost first: their folder names are their keys in the parent's values.
  const chain: string[] = [];
  for (let rest = inChart, match = /^charts\/([^/]+)\/(.+)$/.exec(rest); match; ) {
    chain.push(match[1]);
    rest = match[2];
    match = /^charts\/([^/]+)\/(.+)$/.exec(rest);
  }
  const candidates: Array<{ file: string; under: string[] }> = [];
  for (let depth = chain.length; depth > 0; depth--)
    candidates.push({
      file: `${chart.prefix}${chain
        .slice(0, depth)
        .map((name) => `charts/${name}/`)
        .join('')}values.yaml`,
      under: chain.slice(depth),
    });
  for (const file of chart.files) candidates.push({ file, under: chain });
  const found: Array<{ file: string; key: string }> = [];
  for (const path of paths.split(', ')) {
    const keys = valuesKeys(path);
    for (const { file, under } of candidates) {
      const contents = chart.documentsOf(file)[0];
      const full = [...under, ...keys];
      if (!contents?.hasIn(full)) continue;
      const value = contents.getIn(full);
      const scalar = value === null || typeof value !== 'object';
      // Helm's `default` takes an empty value as unset.
      const text = value === null || value === undefined ? '' : String(value);
      if (rendered !== undefined && scalar && (text === '' ? rendered !== '' : !rendered.includes(text)))
        continue;
      found.push({ file, key: keysText(full) });
    }
  }
  return found;
}

/** The note a finding's message gets: `(from values.yaml, values-prod.yaml: image.tag)`; '' when none defines it. */
export function valuesNote(defining: ReadonlyArray<{ file: string; key: string }>, prefix: string): string {
  const keysByFile = new Map<string, string[]>();
  for (const { file, key } of defining) {
    const shown = file.startsWith(prefix) ? file.slice(prefix.length) : file;
    const keys = keysByFile.get(shown) ?? [];
    if (!keys.includes(key)) keys.push(key);
    keysByFile.set(shown, keys);
  }
  const filesByKeys = new Map<string, string[]>();
  for (const [file, keys] of keysByFile) {
    const list = filesByKeys.get(keys.join(', ')) ?? [];
    list.push(file);
    filesByKeys.set(keys.join(', '), list);
  }
  if (filesByKeys.size === 0) return '';
  return ` (from ${[...filesByKeys].map(([keys, files]) => `${files.join(', ')}: ${keys}`).join('; ')})`;
}
