/**
 * A bounded fuzz run as a test (fuzz.test.ts over the project's repositories, test/corpus/fuzz.test.ts over
 * the real-world corpus): KM_FUZZ_RUNS and KM_FUZZ_SEED override the size and the seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { regressionSnippet, runFuzz } from './fuzzer';
import type { SourceText } from './invariants';

/** Fixed by default so that CI is reproducible; any seed can be replayed with KM_FUZZ_SEED. */
const SEED = Number(process.env.KM_FUZZ_SEED ?? 20_260_611);

export interface BoundedFuzz {
  seeds: () => readonly SourceText[];
  minimumSeeds: number;
  runs: number;
  /** The run stops looking after this long; the test's own timeout is a little longer. */
  timeLimitMs: number;
  /** Flags that replay this run with `npm run fuzz` (e.g. --corpus). */
  replayFlags?: string;
}

export function describeBoundedFuzz(name: string, fuzz: BoundedFuzz): void {
  const runs = Number(process.env.KM_FUZZ_RUNS ?? fuzz.runs);
  const replay = (seed: number, path?: string) =>
    `npm run fuzz --${fuzz.replayFlags ? ` ${fuzz.replayFlags}` : ''} --seed ${seed} --path ${path}`;
  describe(`fuzzer over ${name} (bounded run)`, () => {
    it('has documents to mutate', () => {
      const count = fuzz.seeds().length;
      assert.ok(count >= fuzz.minimumSeeds, `${count} seed documents`);
    });

    it(`${runs} cases: the engine never throws, every range lies inside its document, every fix's result parses and keeps the rest of the text`, {
      timeout: fuzz.timeLimitMs + 30_000,
    }, () => {
      const started = Date.now();
      const run = runFuzz({ seed: SEED, numRuns: runs, timeLimitMs: fuzz.timeLimitMs, seeds: fuzz.seeds() });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `fuzz (${name}): seed ${run.seed}, ${run.ran} of ${run.numRuns} cases, ${run.fixesChecked} fixes checked, ${seconds} s${run.interrupted ? ' (time limit reached)' : ''}`,
      );
      if (run.failed)
        console.log(
          `fuzz FAILURE: seed ${run.seed} path ${run.path}\nreplay: ${replay(run.seed, run.path)}\n${run.report}\nregression entry for test/fuzz/regressions.ts:\n${regressionSnippet(run)}`,
        );
      assert.equal(
        run.failed,
        false,
        `fuzz failure (seed ${run.seed}, path ${run.path}); replay with: ${replay(run.seed, run.path)}\n${run.report}`,
      );
      assert.ok(run.ran >= Math.min(runs, 500), `only ${run.ran} cases ran`);
    });
  });
}
