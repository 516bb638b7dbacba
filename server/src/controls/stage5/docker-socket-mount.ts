import { defineControl, spanOfKey } from '../../engine/control';
import { allContainers } from '../../engine/model';
import { asMap, get, mapItems, str } from '../../engine/nodes';

/** Socket files of the container runtimes, matched at the end of the host path as kube-linter does. */
const RUNTIME_SOCKET = /(?:docker|containerd|crio)\.sock$/;

export default defineControl({
  meta: {
    id: 'docker-socket-mount',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Container runtime socket mounted into the pod',
    description:
      "A container that can talk to the node's container runtime (docker.sock, containerd.sock or crio.sock) can start privileged containers, read every other container's files and take over the node. Like kube-linter's docker-sock, this control flags a hostPath volume whose path ends in one of those socket files and that a container (init containers included) mounts; mounting a whole directory such as /var/run is reported by host-path-volume instead.",
    remediation:
      'Remove the volume and its volumeMounts; build images with a daemonless builder (BuildKit rootless, Kaniko) and query the runtime through the Kubernetes API. There is no automatic fix.',
    peers: { kubeLinter: ['docker-sock'] },
    fix: 'none',
    scope: 'podSpec',
  },
  check(context) {
    const { podSpec } = context;
    const mounted = new Set<string>();
    for (const container of allContainers(podSpec)) {
      for (const mount of mapItems(get(container.node, 'volumeMounts'))) {
        const name = str(get(mount, 'name'));
        if (name !== undefined) mounted.add(name);
      }
    }
    for (const volume of mapItems(get(podSpec.node, 'volumes'))) {
      const hostPath = asMap(get(volume, 'hostPath'));
      const path = str(get(hostPath, 'path'));
      const name = str(get(volume, 'name'));
      if (path === undefined || name === undefined || !mounted.has(name)) continue;
      if (!RUNTIME_SOCKET.test(path.replace(/\/+$/, ''))) continue;
      context.report({
        message: `volume "${name}" mounts the container runtime socket ${path} from the node`,
        at: spanOfKey(hostPath, 'path'),
      });
    }
  },
});
