import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The project root (where package.json is), from compiled tests under out/ or sources. */
export const PROJECT_ROOT = (() => {
  let directory = __dirname;
  while (!existsSync(join(directory, 'tsconfig.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('project root not found');
    directory = parent;
  }
  return directory;
})();

export const SHARED = resolve(PROJECT_ROOT, '../shared');
export const CORPUS = join(SHARED, 'corpus');
export const CATALOG = join(SHARED, 'spec/controls.md');
export const CLI = join(PROJECT_ROOT, 'dist/cli.js');
