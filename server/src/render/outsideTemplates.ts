/**
 * Where a rendered document is reported when the template that wrote it is not a file of the workspace:
 * a chart vendored in charts/ as a packaged archive (what `helm dependency build` writes) is reported on
 * the `dependencies` entry of the chart that holds it, else on its Chart.yaml.
 */
import { type Dirent, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Position } from '../engine/text';
import { LineIndex } from '../engine/text';

export interface OutsidePlace {
  /** The Chart.yaml or requirements.yaml, as the checked paths name it. */
  file: string;
  start: Position;
  /** Said after the finding's message: where the template is. */
  note: string;
  /** Why its fix is not offered. */
  withheld: string;
}

interface Dependency {
  name: string;
  version?: string;
  /** Where its entry starts (the dash of its `- name:` line). */
  offset: number;
}

/** The dependency a subchart folder name stands for (its alias, else its name), in a Chart.yaml or requirements.yaml. */
function dependencyNamed(text: string, folder: string): Dependency | undefined {
  let list: unknown;
  try {
    const document = parseDocument(text);
    list = isMap(document.contents) ? document.contents.get('dependencies', true) : undefined;
  } catch {
    return undefined;
  }
  if (!isSeq(list)) return undefined;
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const field = (key: string) => {
      const value = item.get(key, true);
      return isScalar(value) && value.value !== null ? String(value.value) : undefined;
    };
    const name = field('name');
    if (!name || (field('alias') ?? name) !== folder) continue;
    const pair = item.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === 'name');
    const keyStart = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    return { name, version: field('version'), offset: keyStart ?? item.range?.[0] ?? 0 };
  }
  return undefined;
}

/** The archive in a charts/ folder that holds the chart `name`: `name-<version>.tgz`, the declared version first. */
function archiveOf(chartsDir: string, name: string, version: string | undefined): string | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(chartsDir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const archives = entries
    .filter((entry) => !entry.isDirectory() && entry.name.startsWith(`${name}-`) && /\.tgz$/.test(entry.name))
    .map((entry) => entry.name)
    .filter((file) => /^\d/.test(file.slice(name.length + 1)))
    .sort();
  return archives.find((file) => file === `${name}-${version}.tgz`) ?? archives[0];
}

/** The first line of a text that is neither blank nor a comment. */
function firstMeaningfulLine(text: string): Position {
  const lines = text.split(/\r?\n/);
  const line = Math.max(
    0,
    lines.findIndex((candidate) => candidate.trim() !== '' && !candidate.trimStart().startsWith('#')),
  );
  return { line, character: lines[line].length - lines[line].trimStart().length };
}

function isDirectory(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * The place of a document rendered from `template` (its path in the chart at `chartDir`, named `prefix`
 * by the checked paths) when that template is not a file of the workspace.
 */
export function placeOutside(
  template: string,
  chartDir: string,
  prefix: string,
  readText: (path: string) => string | undefined,
): OutsidePlace {
  // The subchart folders the path goes through that are in the workspace, down to the first that is not.
  let level = '';
  let rest = template;
  let packaged: string | undefined;
  for (
    let match = /^charts\/([^/]+)\/(.+)$/.exec(rest);
    match;
    match = /^charts\/([^/]+)\/(.+)$/.exec(rest)
  ) {
    if (!isDirectory(join(chartDir, level, 'charts', match[1]))) {
      packaged = match[1];
      rest = match[2];
      break;
    }
    level += `charts/${match[1]}/`;
    rest = match[2];
  }
  const chartYaml = `${prefix}${level}Chart.yaml`;
  const chartText = readText(chartYaml) ?? '';
  if (packaged === undefined)
    return {
      file: chartYaml,
      start: firstMeaningfulLine(chartText),
      note: ` (written by ${level}${rest}, which is not a file of the workspace)`,
      withheld: `the template that wrote it (${level}${rest}) is not a file of the workspace`,
    };
  for (const file of [chartYaml, `${prefix}${level}requirements.yaml`]) {
    const text = file === chartYaml ? chartText : readText(file);
    const dependency = text === undefined ? undefined : dependencyNamed(text, packaged);
    if (!dependency) continue;
    const archive = archiveOf(join(chartDir, level, 'charts'), dependency.name, dependency.version);
    const start = new LineIndex(text!).position(dependency.offset);
    return { file, start, ...packagedWords(level, packaged, archive, rest) };
  }
  return {
    file: chartYaml,
    start: firstMeaningfulLine(chartText),
    ...packagedWords(level, packaged, archiveOf(join(chartDir, level, 'charts'), packaged, undefined), rest),
  };
}

function packagedWords(
  level: string,
  folder: string,
  archive: string | undefined,
  rest: string,
): Pick<OutsidePlace, 'note' | 'withheld'> {
  const chart = archive
    ? `the packaged chart ${level}charts/${archive}`
    : `the chart ${folder} packaged in ${level}charts/`;
  return {
    note: ` (in ${chart}: ${rest})`,
    withheld: `the template is in ${chart}: fix it in that chart's source, or in the values passed to it`,
  };
}
