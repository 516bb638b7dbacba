/**
 * The fuzzer in CI (issue 6): every regression case the fuzzer found before, and a bounded run (2,000 cases)
 * over mutated documents of the project's repositories, generated objects and random YAML. The corpus
 * suite runs another over the real-world corpus; `npm run fuzz` runs the long version (test/fuzz/run.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBoundedFuzz } from './bounded';
import { checkCase, seedsFrom } from './fuzzer';
import { summarizeViolations } from './invariants';
import { REGRESSIONS } from './regressions';

describe('fuzz regressions (test/fuzz/regressions.ts)', () => {
  for (const regression of REGRESSIONS) {
    it(regression.name, { timeout: 20_000 }, () => {
      const { violations } = checkCase({ origin: regression.name, sources: regression.sources });
      assert.equal(violations.length, 0, summarizeViolations(violations, 5));
    });
  }
});

describeBoundedFuzz("the project's repositories", {
  seeds: () => seedsFrom(),
  minimumSeeds: 100,
  runs: 2000,
  timeLimitMs: 150_000,
});
