import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allControls } from '../controls';
import type { AnyControl } from '../engine/control';

const controlsById = new Map(allControls.map((control) => [control.meta.id, control]));

export const knownControls: ReadonlySet<string> = new Set(controlsById.keys());

export function controlOf(id: string): AnyControl | undefined {
  return controlsById.get(id);
}

const docsUris = new Map<string, string | undefined>();

/** Where the documentation of each control is, shipped with the extension (dist/../docs/controls). */
export function docsUri(control: string): string | undefined {
  if (docsUris.has(control)) return docsUris.get(control);
  const path = join(__dirname, '..', 'docs', 'controls', `${control}.md`);
  const uri = existsSync(path) ? pathToFileURL(path).toString() : undefined;
  docsUris.set(control, uri);
  return uri;
}
