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

export const CLI = join(PROJECT_ROOT, 'dist/cli.js');

/** The project's own repositories, written in the shape of real ones (npm test uses only these). */
export const FIXTURE_REPOS = join(PROJECT_ROOT, 'test/fixtures/repos');

/**
 * The real-world corpus and the catalog beside it, for the corpus suite only (npm run test:corpus):
 * KUBE_MATURITY_CORPUS, by default ../shared/corpus; the catalog is spec/controls.md beside the corpus.
 */
export const CORPUS = resolve(PROJECT_ROOT, process.env.KUBE_MATURITY_CORPUS || '../shared/corpus');
export const CATALOG = join(dirname(CORPUS), 'spec/controls.md');
