import { defineControl } from '../../engine/control';
import { Comment, type FixValue } from '../../engine/fixer';
import type { KubeObject } from '../../engine/model';
import { get, items, num, str, text } from '../../engine/nodes';
import { formatLabels, isEmptySelector, readLabelSelector, selectorMatches } from '../../engine/objectIndex';

type PolicyType = 'Ingress' | 'Egress';
const POLICY_TYPES: PolicyType[] = ['Ingress', 'Egress'];
const NETWORK_POLICY_GROUPS = new Set(['networking.k8s.io', 'extensions']);

interface FixData {
  missing: PolicyType[];
}

function isNetworkPolicy(object: KubeObject): boolean {
  return NETWORK_POLICY_GROUPS.has(object.group);
}

/** An absent or empty podSelector selects every pod of the policy's namespace. */
function selects(policy: KubeObject, labels: Record<string, string>): boolean {
  const selector = readLabelSelector(get(get(policy.node, 'spec'), 'podSelector'));
  return !selector || isEmptySelector(selector) || selectorMatches(selector, labels);
}

/** policyTypes as written, or the API server's default: Ingress always, Egress when there are egress rules. */
function governedTypes(policy: KubeObject): Set<string> {
  const spec = get(policy.node, 'spec');
  const written = items(get(spec, 'policyTypes'))
    .map((entry) => text(entry))
    .filter((entry): entry is string => entry !== undefined);
  if (written.length > 0) return new Set(written);
  const types = new Set<string>(['Ingress']);
  if (items(get(spec, 'egress')).length > 0) types.add('Egress');
  return types;
}

/** The TCP container ports of the pod, in order, without duplicates. */
function tcpPorts(object: KubeObject): number[] {
  const ports: number[] = [];
  for (const container of object.podSpec?.containers ?? []) {
    for (const port of items(get(container.node, 'ports'))) {
      const protocol = str(get(port, 'protocol')) ?? 'TCP';
      const number = num(get(port, 'containerPort'));
      if (protocol === 'TCP' && number !== undefined && !ports.includes(number)) ports.push(number);
    }
  }
  return ports;
}

export default defineControl({
  meta: {
    id: 'missing-network-policy',
    stage: 6,
    category: 'security',
    severity: 'warning',
    title: 'No NetworkPolicy isolates the pods',
    description:
      'Pods that no NetworkPolicy selects accept connections from, and open connections to, any pod in the cluster: one compromised workload can reach every other. Isolation needs policies governing both Ingress and Egress.',
    remediation:
      'Add a NetworkPolicy selecting the pod template labels with policyTypes Ingress and Egress, allowing only the traffic the workload needs. The fix appends one allowing TCP ingress on the container ports; its egress list is left empty (all outgoing traffic blocked) for a person to fill in with the destinations the workload needs, DNS included.',
    peers: {
      polaris: ['missingNetworkPolicy'],
      kubeLinter: ['non-isolated-pod'],
      kubeScore: ['pod-networkpolicy'],
    },
    fix: 'draft',
    fixEffect:
      'The new NetworkPolicy isolates the pods: traffic it does not allow (all egress until a person fills it in) is dropped.',
    scope: 'podSpec',
  },
  check(context) {
    const { object, podSpec, index } = context;
    const labels = podSpec.templateLabels;
    const all = index.ofKind('NetworkPolicy').filter(isNetworkPolicy);
    const selecting = all.filter(
      (policy) => policy.namespace === object.namespace && selects(policy, labels),
    );
    const governed = new Set<string>();
    for (const policy of selecting) for (const type of governedTypes(policy)) governed.add(type);
    const missing = POLICY_TYPES.filter((type) => !governed.has(type));
    if (missing.length === 0) return;
    const data: FixData = { missing };
    if (selecting.length === 0) {
      const where =
        all.length === 0
          ? 'in this workspace'
          : object.namespace
            ? `in namespace "${object.namespace}"`
            : 'in the unnamed namespace';
      context.report({ message: `no NetworkPolicy ${where} selects ${formatLabels(labels)}`, data });
      return;
    }
    const names = selecting.map((policy) => `"${policy.name}"`).join(', ');
    context.report({
      message: `no NetworkPolicy selecting ${formatLabels(labels)} governs ${missing.join(' or ')} (selected by ${names})`,
      data,
    });
  },
  fix(context, fixer, data) {
    const { object, podSpec } = context;
    const { missing } = data as FixData;
    const labels = podSpec.templateLabels;
    // An empty podSelector would isolate every pod of the namespace: leave that to a person.
    if (Object.keys(labels).length === 0 || !object.name) return;
    const spec: Record<string, FixValue | Comment> = {
      podSelector: { matchLabels: labels },
      policyTypes: missing,
    };
    if (missing.includes('Ingress')) {
      const ports = tcpPorts(object);
      if (ports.length > 0) {
        spec.ingress = [{ ports: ports.map((port) => ({ protocol: 'TCP', port })) }];
      } else {
        spec.ingressNote = new Comment(
          'kube-maturity: no TCP container port, so all incoming traffic is denied',
        );
        spec.ingress = [];
      }
    }
    if (missing.includes('Egress')) {
      spec.egressNote = new Comment(
        'kube-maturity: fill in the destinations this workload needs (DNS, APIs, databases); empty blocks all outgoing traffic',
      );
      spec.egress = [];
    }
    fixer.appendDocument({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: `${object.name}-netpol`,
        ...(object.namespace ? { namespace: object.namespace } : {}),
      },
      spec,
    });
  },
});
