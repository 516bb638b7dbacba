import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, parseAllDocuments } from 'yaml';

/**
 * The parse floor of a workspace: the least any analyser must do, in a process of its own as the CLI
 * runs. Walks the directory, reads every .yaml/.yml/.json file and parses it with `yaml` (default
 * options), keeping the documents (a cross-resource analysis needs them all at once). Prints the file
 * count; its time and peak memory are measured from outside.
 */
const kept: Document.Parsed[][] = [];
function walk(directory: string): void {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.(ya?ml|json)$/i.test(entry.name))
      kept.push(parseAllDocuments(readFileSync(path, 'utf8')) as Document.Parsed[]);
  }
}
walk(process.argv[2]);
process.stdout.write(`${kept.length}\n`);
