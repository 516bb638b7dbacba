import { defineControl, spanOfKey } from '../../engine/control';
import { get, has, mapItems, str } from '../../engine/nodes';

export default defineControl({
  meta: {
    id: 'host-path-volume',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Pod mounts a directory of the node',
    description:
      "A hostPath volume gives the pod direct access to the node's filesystem: a container can read node credentials and other pods' data, plant files the node will execute, or fill the node's disk; it also ties the pod to whatever happens to be on that node.",
    remediation:
      'Replace the hostPath volume with an emptyDir, a ConfigMap or Secret, or a PersistentVolumeClaim; if a node agent truly needs it, mount the narrowest path read-only and exempt the workload. There is no automatic fix: the replacement depends on what the data is for.',
    peers: { polaris: ['hostPathSet'], kubeLinter: ['sensitive-host-mounts', 'writable-host-mount'] },
    fix: 'none',
    scope: 'podSpec',
  },
  check(context) {
    for (const volume of mapItems(get(context.podSpec.node, 'volumes'))) {
      if (!has(volume, 'hostPath')) continue;
      const name = str(get(volume, 'name'));
      const path = str(get(get(volume, 'hostPath'), 'path'));
      context.report({
        message: `${name === undefined ? 'a volume' : `volume "${name}"`} mounts ${path === undefined ? 'a host path' : `host path ${path}`}`,
        at: spanOfKey(volume, 'hostPath') ?? spanOfKey(volume, 'name'),
      });
    }
  },
});
