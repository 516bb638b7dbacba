import { describeBoundedFuzz } from '../fuzz/bounded';
import { seedsFrom } from '../fuzz/fuzzer';
import { CORPUS } from '../support/paths';

describeBoundedFuzz('the real-world corpus', {
  seeds: () => seedsFrom([CORPUS]),
  minimumSeeds: 300,
  runs: 2000,
  timeLimitMs: 300_000,
  replayFlags: '--corpus',
});
