/**
 * The fuzzer in CI (issue 6): a bounded run (2,000 cases by default; KM_FUZZ_RUNS, KM_FUZZ_SEED override)
 * over mutated corpus documents, generated objects and random YAML, and every regression case the fuzzer
 * found before. `npm run fuzz` runs the long version (test/fuzz/run.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCase, corpusSeeds, regressionSnippet, runFuzz } from './fuzzer';
import { summarizeViolations } from './invariants';
import { REGRESSIONS } from './regressions';

/** Fixed by default so that CI is reproducible; any seed can be replayed with KM_FUZZ_SEED. */
const SEED = Number(process.env.KM_FUZZ_SEED ?? 20_260_611);
const RUNS = Number(process.env.KM_FUZZ_RUNS ?? 2000);

describe('fuzz regressions (test/fuzz/regressions.ts)', () => {
  for (const regression of REGRESSIONS) {
    it(regression.name, { timeout: 20_000 }, () => {
      const { violations } = checkCase({ origin: regression.name, sources: regression.sources });
      assert.equal(violations.length, 0, summarizeViolations(violations, 5));
    });
  }
});

describe('fuzzer (bounded run)', () => {
  it('has corpus documents to mutate', () => {
    const seeds = corpusSeeds();
    assert.ok(seeds.length > 300, `${seeds.length} seed documents`);
  });

  it(`${RUNS} cases: the engine never throws, every range lies inside its document, every fix's result parses and keeps the rest of the text`, {
    timeout: 170_000,
  }, () => {
    const started = Date.now();
    const run = runFuzz({ seed: SEED, numRuns: RUNS, timeLimitMs: 150_000 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: seed ${run.seed}, ${run.ran} of ${run.numRuns} cases, ${run.fixesChecked} fixes checked, ${seconds} s${run.interrupted ? ' (time limit reached)' : ''}`,
    );
    if (run.failed) {
      console.log(
        `fuzz FAILURE: seed ${run.seed} path ${run.path}\nreplay: npm run fuzz -- --seed ${run.seed} --path ${run.path}\n${run.report}\nregression entry for test/fuzz/regressions.ts:\n${regressionSnippet(run)}`,
      );
    }
    assert.equal(
      run.failed,
      false,
      `fuzz failure (seed ${run.seed}, path ${run.path}); replay with: npm run fuzz -- --seed ${run.seed} --path ${run.path}\n${run.report}`,
    );
    assert.ok(run.ran >= Math.min(RUNS, 500), `only ${run.ran} cases ran`);
  });
});
