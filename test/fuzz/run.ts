/**
 * `npm run fuzz`: the long fuzz run (issue 6). Prints the seed first, then progress, and on a failure the
 * seed, the replay path and a regression entry to paste into test/fuzz/regressions.ts; exits 1 then.
 *
 *   npm run fuzz                                   # --long: 100,000 cases, a random seed
 *   npm run fuzz -- --seed 42 --runs 5000          # a given seed and size
 *   npm run fuzz -- --seed 42 --path 17:3:1        # replay a failure the way it was printed
 *   npm run fuzz -- --ignore 'fix-comment'         # look past a known failure (regex on the violation)
 *   npm run fuzz -- --minutes 30                   # stop after 30 minutes
 *   npm run fuzz -- --corpus                       # mutate the real-world corpus (KUBE_MATURITY_CORPUS) instead
 */
import { parseArgs } from 'node:util';
import { CORPUS } from '../support/paths';
import { PROJECT_SEED_FOLDERS, regressionSnippet, runFuzz, seedsFrom } from './fuzzer';

const { values } = parseArgs({
  options: {
    long: { type: 'boolean' },
    seed: { type: 'string' },
    runs: { type: 'string' },
    path: { type: 'string' },
    ignore: { type: 'string' },
    minutes: { type: 'string' },
    batch: { type: 'string' },
    corpus: { type: 'boolean' },
  },
});
const seeds = seedsFrom(values.corpus ? [CORPUS] : PROJECT_SEED_FOLDERS);
const replayFlags = values.corpus ? ' --corpus' : '';

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const total = Number(values.runs ?? (values.long ? 100_000 : 2000));
const deadline = values.minutes ? Date.now() + Number(values.minutes) * 60_000 : Number.POSITIVE_INFINITY;
const ignore = values.ignore ? new RegExp(values.ignore) : undefined;
const ignoreViolation = ignore
  ? (violation: { property: string; control?: string; detail: string }) =>
      ignore.test(`${violation.property} ${violation.control ?? ''} ${violation.detail}`)
  : undefined;

console.log(
  `kube-maturity fuzz: seed ${seed}, ${total} cases over ${seeds.length} seed documents${ignore ? `, ignoring /${ignore.source}/` : ''}`,
);
if (values.path) {
  // Replaying one failure: the same seed and path run exactly the shrunk case.
  const run = runFuzz({ seed, numRuns: total, path: values.path, ignore: ignoreViolation, seeds });
  console.log(run.failed ? `${run.report}\n${regressionSnippet(run)}` : 'the case passes now');
  process.exit(run.failed ? 1 : 0);
}

// Batches of cases, each with its own seed derived from the first, so that progress shows and a failure is
// replayable with the seed of its batch.
const batch = Number(values.batch ?? 1000);
let done = 0;
let fixes = 0;
const started = Date.now();
for (let index = 0; done < total && Date.now() < deadline; index++) {
  const batchSeed = (seed + index * 7919) % 2 ** 31;
  const run = runFuzz({
    seed: batchSeed,
    numRuns: Math.min(batch, total - done),
    ignore: ignoreViolation,
    seeds,
  });
  done += run.ran;
  fixes += run.fixesChecked;
  if (run.failed) {
    console.log(`\nFAILURE after ${done} cases: seed ${run.seed} path ${run.path}`);
    console.log(`replay: npm run fuzz --${replayFlags} --seed ${run.seed} --path ${run.path}`);
    console.log(run.report);
    console.log('\nregression entry for test/fuzz/regressions.ts:');
    console.log(regressionSnippet(run));
    process.exit(1);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`  ${done} cases, ${fixes} fixes checked, ${seconds} s (batch seed ${batchSeed})`);
}
console.log(`no failure in ${done} cases (seed ${seed})`);
