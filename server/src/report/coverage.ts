/**
 * A stage's coverage as every report shows it: floored, to a tenth when the threshold has one (so that
 * 86% never reads as meeting 86.2%), '—' for a stage without checks.
 */
export function percentOf(coverage: number | null | undefined, threshold: number): string {
  if (coverage === null || coverage === undefined) return '—';
  const tenths = !Number.isInteger(threshold);
  // 29 of 50 is 0.58, whose product with 100 is 57.999…: the verdict judges it with the same tolerance.
  const value = tenths ? Math.floor(coverage * 1000 + 1e-7) / 10 : Math.floor(coverage * 100 + 1e-7);
  return `${tenths ? value.toFixed(1) : value}%`;
}
