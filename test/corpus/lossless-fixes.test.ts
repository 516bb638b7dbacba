import { describeLosslessFixes } from '../robustness/support/losslessFixes';
import { CORPUS } from '../support/paths';

// About 90 s and 15 s alone on 2 cores; the bounds hold under several times that.
describeLosslessFixes('the real-world corpus', {
  directory: CORPUS,
  minimum: { fixes: 2000, filesChanged: 50 },
  timeoutMs: { oneAtATime: 600_000, together: 300_000 },
});
