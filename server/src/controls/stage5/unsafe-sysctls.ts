import { defineControl, spanOfKey } from '../../engine/control';
import { get, getIn, mapItems, str } from '../../engine/nodes';

/**
 * The sysctls Kubernetes treats as safe (namespaced, isolated between pods), allowed without kubelet
 * configuration: the list of the Kubernetes documentation and of the Pod Security Standards baseline.
 */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** Sysctl names may be written with slashes; then dots and slashes swap roles (net/ipv4/conf/eth0.1/rp_filter). */
function canonicalName(name: string): string {
  if (!name.includes('/')) return name;
  return name.replace(/[./]/g, (separator) => (separator === '/' ? '.' : '/'));
}

export default defineControl({
  meta: {
    id: 'unsafe-sysctls',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Pod sets a sysctl outside the safe set',
    description:
      'Sysctls outside the Kubernetes safe set are either node-wide or not isolated between pods: setting them can change the kernel behaviour of every workload on the node or exhaust kernel resources. The kubelet rejects such pods unless it is started with --allowed-unsafe-sysctls, and the Pod Security Standards baseline forbids them. The safe set is the one documented by Kubernetes as of 1.32 (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, ip_unprivileged_port_start, ip_local_reserved_ports, ping_group_range, tcp_syncookies, tcp_fin_timeout, tcp_keepalive_time/intvl/probes, tcp_rmem, tcp_wmem).',
    remediation:
      'Remove the sysctl from securityContext.sysctls, or set it on dedicated nodes (a tuned node pool or a privileged node-setup DaemonSet) and schedule the workload there. There is no automatic fix: removing a kernel setting changes how the application behaves.',
    peers: { kubeLinter: ['unsafe-sysctls'] },
    fix: 'none',
    scope: 'podSpec',
  },
  check(context) {
    for (const sysctl of mapItems(getIn(context.podSpec.node, ['securityContext', 'sysctls']))) {
      const name = str(get(sysctl, 'name'));
      if (name === undefined || SAFE_SYSCTLS.has(canonicalName(name))) continue;
      context.report({
        message: `sysctl "${name}" is outside the Kubernetes safe set`,
        at: spanOfKey(sysctl, 'name'),
      });
    }
  },
});
