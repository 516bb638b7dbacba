import type { KubeObject } from '../../engine/model';
import { isEmptySelector, selectorMatches } from '../../engine/objectIndex';
import { budgetSelectorOf } from '../../engine/objectSummary';

/**
 * Whether a PodDisruptionBudget selects pods with these labels. policy/v1: an empty selector selects
 * every pod of the namespace; v1beta1: none. No selector selects nothing.
 */
export function budgetSelects(budget: KubeObject, labels: Record<string, string>): boolean {
  const selector = budgetSelectorOf(budget);
  if (!selector) return false;
  if (isEmptySelector(selector)) return budget.apiVersion === 'policy/v1';
  return selectorMatches(selector, labels);
}
