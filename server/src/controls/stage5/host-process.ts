import { defineControl, spanOfKey } from '../../engine/control';
import { allContainers, type ContainerKind } from '../../engine/model';
import { asMap, bool, get, text, type YAMLMap } from '../../engine/nodes';
import { editQuietly } from '../shared/spec';

/** Where a hostProcess flag was found: the pod spec, or one container of the pod. */
interface HostProcessData {
  container?: { kind: ContainerKind; index: number };
}

const CONTAINER_LABEL: Record<ContainerKind, string> = {
  container: 'container',
  initContainer: 'init container',
  ephemeralContainer: 'ephemeral container',
};

/** The securityContext and windowsOptions mappings of a pod spec or container, when hostProcess is true. */
function hostProcessMaps(owner: YAMLMap): [YAMLMap, YAMLMap] | undefined {
  const securityContext = asMap(get(owner, 'securityContext'));
  const windowsOptions = asMap(get(securityContext, 'windowsOptions'));
  if (!securityContext || !windowsOptions || bool(get(windowsOptions, 'hostProcess')) !== true)
    return undefined;
  return [securityContext, windowsOptions];
}

export default defineControl<'podSpec', HostProcessData | undefined>({
  meta: {
    id: 'host-process',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Windows container runs as a host process',
    description:
      'A Windows HostProcess container runs directly on the node, outside any container isolation, with access to the node filesystem, network and (by default) SYSTEM privileges: a compromise is a compromise of the node. The flag can be set for the whole pod (securityContext.windowsOptions.hostProcess) or per container, so one check covers the pod spec and reports each place it is set to true, init and ephemeral containers included, as the Pod Security Standards baseline does.',
    remediation:
      'Remove windowsOptions.hostProcess and run the workload as a regular Windows container; keep HostProcess only for node-management DaemonSets, and exempt those. The fix deletes each hostProcess: true (an explicit choice it says it overrides), and the windowsOptions or securityContext it leaves empty.',
    peers: { polaris: ['hostProcess'] },
    fix: 'review',
    fixEffect:
      'The Windows container no longer runs as a process on the host: host-level agents stop working.',
    scope: 'podSpec',
  },
  check(context) {
    const { podSpec } = context;
    const podLevel = hostProcessMaps(podSpec.node);
    if (podLevel) {
      const data: HostProcessData = {};
      context.report({
        message:
          "securityContext.windowsOptions.hostProcess: true runs the pod's containers as processes on the node",
        at: spanOfKey(podLevel[1], 'hostProcess'),
        data,
      });
    }
    for (const container of allContainers(podSpec)) {
      const containerLevel = hostProcessMaps(container.node);
      if (!containerLevel) continue;
      const data: HostProcessData = { container: { kind: container.kind, index: container.index } };
      context.report({
        message: `${CONTAINER_LABEL[container.kind]} "${container.name}" sets windowsOptions.hostProcess: true and runs as a process on the node`,
        at: spanOfKey(containerLevel[1], 'hostProcess'),
        data,
      });
    }
  },
  fix(context, fixer, data) {
    const { podSpec } = context;
    const where = data?.container;
    const owner = where
      ? allContainers(podSpec).find(
          (container) => container.kind === where.kind && container.index === where.index,
        )?.node
      : podSpec.node;
    const maps = owner ? hostProcessMaps(owner) : undefined;
    if (!owner || !maps) {
      fixer.fail();
      return;
    }
    // hostProcess: true is always written explicitly: the fix names it as what it overrides, not the
    // windowsOptions or securityContext it leaves empty and removes with it.
    const written = text(get(maps[1], 'hostProcess')) ?? 'true';
    const removed = editQuietly(fixer, (scratch) =>
      scratch.removePath(owner, ['securityContext', 'windowsOptions', 'hostProcess']),
    );
    if (removed)
      fixer.describe('Remove windowsOptions.hostProcess').overridesExplicit(`hostProcess: ${written}`);
  },
});
