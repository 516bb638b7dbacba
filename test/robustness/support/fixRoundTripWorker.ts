/**
 * Worker of losslessFixes.ts: analyses a whole folder, then applies one share of its fixes one at a
 * time (fix i goes to worker i % count), re-analysing the workspace after each, and posts the violations.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeSafely, checkFixRoundTrip, readTree, type Violation } from '../../fuzz/invariants';

export interface RoundTripShare {
  fixes: number;
  safe: number;
  review: number;
  draft: number;
  files: string[];
  violations: Violation[];
}

const { directory, index, count } = workerData as { directory: string; index: number; count: number };
const { analysis, violations } = analyzeSafely(readTree(directory));
const share: RoundTripShare = {
  fixes: 0,
  safe: 0,
  review: 0,
  draft: 0,
  files: [],
  violations: [...violations],
};
if (analysis) {
  const files = new Set<string>();
  const fixable = analysis.result.findings.filter(
    (finding) => finding.fix && finding.file && !finding.exempt,
  );
  fixable.forEach((finding, position) => {
    if (position % count !== index) return;
    share.fixes++;
    share[finding.fix!.class]++;
    files.add(finding.file!);
    share.violations.push(...checkFixRoundTrip(analysis, finding));
  });
  share.files = [...files];
}
parentPort!.postMessage(share);
