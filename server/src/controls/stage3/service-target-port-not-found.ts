import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { describeObject } from '../../engine/model';
import { asMap, get, mapItems, str, stringRecord } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'service-target-port-not-found',
    stage: 3,
    category: 'reliability',
    severity: 'warning',
    title: 'Service targets a port name no selected container declares',
    description:
      'A named targetPort is resolved against the container ports of each selected pod; when no container declares a port with that name, the Service gets no usable endpoint on that port and connections fail.',
    remediation:
      'Name the container port the Service should reach (ports[].name in the container) exactly as the targetPort, or set targetPort to the port number. There is no automatic fix: which name is right needs a person.',
    peers: {},
    fix: 'none',
    scope: 'object',
    kinds: ['Service'],
  },
  check(context) {
    const { object, index } = context;
    const spec = asMap(get(object.node, 'spec'));
    if (object.group !== '' || str(get(spec, 'type')) === 'ExternalName') return NOT_APPLICABLE;
    const selector = stringRecord(get(spec, 'selector'));
    if (Object.keys(selector).length === 0) return NOT_APPLICABLE;
    const selected = index.podTemplatesSelectedBy(selector, object.namespace);
    // Pods whose containers no manifest shows (a template without a spec yet, an operator's pods) may
    // declare any port name.
    if (selected.length === 0 || selected.some((workload) => !workload.podSpec)) return NOT_APPLICABLE;

    const portNames = new Set<string>();
    for (const workload of selected) {
      const podSpec = workload.podSpec!;
      // Native sidecars (init containers that keep running) serve traffic like containers do.
      const sidecars = podSpec.initContainers.filter(
        (container) => str(get(container.node, 'restartPolicy')) === 'Always',
      );
      for (const container of [...podSpec.containers, ...sidecars]) {
        for (const port of mapItems(get(container.node, 'ports'))) {
          const name = str(get(port, 'name'));
          if (name) portNames.add(name);
        }
      }
    }
    const owners = selected.map(describeObject).join(', ');
    for (const port of mapItems(get(spec, 'ports'))) {
      // Numeric target ports are not checked: a container need not declare a port to listen on it.
      const targetPort = str(get(port, 'targetPort'));
      if (targetPort === undefined || portNames.has(targetPort)) continue;
      context.report({
        message: `targetPort "${targetPort}" matches no container port name of the selected pods (${owners})`,
        at: spanOfKey(port, 'targetPort'),
      });
    }
  },
});
