import type { ContainerContext } from '../../engine/control';
import { spanOfKey } from '../../engine/control';
import type { Fixer } from '../../engine/fixer';
import { asMap, get, getPair, isNullish, text } from '../../engine/nodes';

type Bound = 'requests' | 'limits';
type Resource = 'cpu' | 'memory';

/** Reports a missing resources.<bound>.<resource>, on the deepest key that exists. */
export function checkResourceQuantity(context: ContainerContext, bound: Bound, resource: Resource): void {
  const resources = asMap(get(context.container.node, 'resources'));
  const boundMap = asMap(get(resources, bound));
  const value = get(boundMap, resource);
  if (value !== undefined && !isNullish(value) && text(value) !== '') return;
  const at = boundMap
    ? spanOfKey(resources, bound)
    : resources
      ? spanOfKey(context.container.node, 'resources')
      : undefined;
  context.report({ message: `no resources.${bound}.${resource}`, at });
}

export function fixResourceQuantity(
  context: ContainerContext,
  fixer: Fixer,
  bound: Bound,
  resource: Resource,
  quantity: string,
): void {
  if (
    getPair(context.container.node, 'resources') &&
    !asMap(get(context.container.node, 'resources')) &&
    !isNullish(get(context.container.node, 'resources'))
  ) {
    fixer.fail();
    return;
  }
  fixer.set(context.container.node, ['resources', bound, resource], quantity);
}
