import { COVERAGE_TOLERANCE } from '../engine/verdict';

/**
 * A stage's coverage as every report shows it: floored, to a tenth when the threshold has one (so that
 * 86% never reads as meeting 86.2%), '—' for a stage without checks.
 */
export function percentOf(coverage: number | null | undefined, threshold: number): string {
  if (coverage === null || coverage === undefined) return '—';
  const tenths = !Number.isInteger(threshold);
  const value = tenths
    ? Math.floor(coverage * 1000 + COVERAGE_TOLERANCE) / 10
    : Math.floor(coverage * 100 + COVERAGE_TOLERANCE);
  return `${tenths ? value.toFixed(1) : value}%`;
}
