// Runs compiled test files under out/ with node's test runner.
//   node scripts/run-tests.mjs [filter]           npm test: everything but out/test/corpus/ (needs only the repository)
//   node scripts/run-tests.mjs --corpus [filter]  npm run test:corpus: out/test/corpus/, over the real-world corpus
//                                                 in KUBE_MATURITY_CORPUS (default ../shared/corpus) and the catalog
//                                                 in spec/controls.md beside it (--preflight: only check they exist)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

process.chdir(dirname(dirname(fileURLToPath(import.meta.url))));

function collect(dir, found = []) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) collect(path, found);
    else if (entry.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const args = process.argv.slice(2);
const corpusSuite = args.includes('--corpus');
const filter = args.find((arg) => !arg.startsWith('--'));
const corpusTests = join('out', 'test', 'corpus') + sep;

if (corpusSuite) {
  const corpus = resolve(process.env.KUBE_MATURITY_CORPUS || '../shared/corpus');
  const catalog = join(dirname(corpus), 'spec', 'controls.md');
  const missing = [corpus, catalog].find((path) => !existsSync(path));
  if (missing) {
    console.error(
      `test:corpus: ${missing} not found: put the corpus and spec/ beside the checkout (../shared) or set KUBE_MATURITY_CORPUS to the corpus folder`,
    );
    process.exit(1);
  }
  if (args.includes('--preflight')) process.exit(0);
}

const files = collect('out')
  .filter((file) => file.startsWith(corpusTests) === corpusSuite)
  .filter((file) => !filter || file.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(
    `no test files found under out/${corpusSuite ? 'test/corpus/' : ''}${filter ? ` matching ${filter}` : ''}`,
  );
  process.exit(1);
}
const started = Date.now();
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', `--test-concurrency=${Math.max(2, availableParallelism())}`, ...files],
  { stdio: 'inherit' },
);
console.log(
  `${corpusSuite ? 'test:corpus' : 'test'}: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(result.status ?? 1);
