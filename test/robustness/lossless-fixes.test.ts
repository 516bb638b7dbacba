import { FIXTURE_REPOS } from '../support/paths';
import { describeLosslessFixes } from './support/losslessFixes';

describeLosslessFixes("the project's fixture repositories", {
  directory: FIXTURE_REPOS,
  minimum: { fixes: 100, filesChanged: 15 },
  timeoutMs: { oneAtATime: 120_000, together: 60_000 },
});
