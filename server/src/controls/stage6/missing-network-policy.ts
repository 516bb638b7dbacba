import { defineControl } from '../../engine/control';
import { Comment, type FixValue } from '../../engine/fixer';
import type { KubeObject } from '../../engine/model';
import { bool, get, getIn, items, mapItems, num, str, text, type YNode } from '../../engine/nodes';
import {
  formatLabels,
  isEmptySelector,
  type LabelSelector,
  type ObjectIndex,
  readLabelSelector,
  selectorMatches,
} from '../../engine/objectIndex';
import { parseCalicoSelector } from '../shared/calicoSelector';
import { namespaceLabels, podSelectionOf, selectorValue } from '../shared/workloadSelector';

type PolicyType = 'Ingress' | 'Egress';
const POLICY_TYPES: PolicyType[] = ['Ingress', 'Egress'];
const NETWORK_POLICY_GROUPS = new Set(['networking.k8s.io', 'extensions']);
const CILIUM_GROUP = 'cilium.io';
const CALICO_GROUPS = new Set(['projectcalico.org', 'crd.projectcalico.org']);

interface FixData {
  missing: PolicyType[];
}

/** What the policies see of the pods of one workload. */
interface Pod {
  labels: Record<string, string>;
  namespace: string;
  serviceAccount: string;
  /** The namespace's labels (Namespace object and kubernetes.io/metadata.name); undefined when unnamed. */
  namespaceLabels?: Record<string, string>;
}

/** A policy kind this control reads: how to find its objects and which directions it governs for a pod. */
interface PolicyKind {
  kind: string;
  /** Whether an object of the kind is this policy (the kind name alone is shared by Kubernetes and Calico). */
  is(object: KubeObject): boolean;
  /** The directions the policy isolates for the pod; undefined when it does not select the pod. */
  governs(policy: KubeObject, pod: Pod, index: ObjectIndex): Set<PolicyType> | undefined;
}

function typesOf(values: YNode | undefined): PolicyType[] {
  return items(values)
    .map((entry) => text(entry)?.toLowerCase())
    .filter((entry) => entry === 'ingress' || entry === 'egress')
    .map((entry) => (entry === 'ingress' ? 'Ingress' : 'Egress'));
}

/**
 * Kubernetes NetworkPolicy: an absent or empty podSelector selects every pod of the policy's namespace;
 * policyTypes as written, else the API server's default (Ingress always, Egress when there are egress
 * rules). A governed direction without rules denies all: it counts.
 */
const kubernetesPolicy: PolicyKind = {
  kind: 'NetworkPolicy',
  is: (object) => NETWORK_POLICY_GROUPS.has(object.group),
  governs(policy, pod) {
    if (policy.namespace !== pod.namespace) return undefined;
    const spec = get(policy.node, 'spec');
    const selector = readLabelSelector(get(spec, 'podSelector'));
    if (selector && !isEmptySelector(selector) && !selectorMatches(selector, pod.labels)) return undefined;
    const written = typesOf(get(spec, 'policyTypes'));
    if (written.length > 0) return new Set(written);
    const types = new Set<PolicyType>(['Ingress']);
    if (items(get(spec, 'egress')).length > 0) types.add('Egress');
    return types;
  },
};

/** Cilium reads selector keys with a source prefix (`k8s:app`, `any:app`) as the plain label key. */
function ciliumSelector(node: unknown): LabelSelector | undefined {
  const selector = readLabelSelector(node);
  if (!selector) return undefined;
  const plain = (key: string) => key.replace(/^(?:k8s|any):/, '');
  return {
    matchLabels: Object.fromEntries(
      Object.entries(selector.matchLabels).map(([key, value]) => [plain(key), value]),
    ),
    matchExpressions: selector.matchExpressions.map((expression) => ({
      ...expression,
      key: plain(expression.key),
    })),
  };
}

/** The labels Cilium gives a pod's endpoint: its own, its namespace, its service account, its namespace's. */
function ciliumLabels(pod: Pod): Record<string, string> {
  const labels: Record<string, string> = {
    ...pod.labels,
    'io.cilium.k8s.policy.serviceaccount': pod.serviceAccount,
  };
  if (pod.namespace) labels['io.kubernetes.pod.namespace'] = pod.namespace;
  for (const [key, value] of Object.entries(pod.namespaceLabels ?? {}))
    labels[`io.cilium.k8s.namespace.labels.${key}`] = value;
  return labels;
}

/**
 * Cilium: each rule (`spec`, and every entry of `specs`) with an endpointSelector that matches the pod
 * (`{}` matches all; a CiliumNetworkPolicy only in its namespace, a CiliumClusterwideNetworkPolicy in
 * every namespace; nodeSelector rules are host policies and select no pod). A rule puts the pod in
 * default deny for a direction when it has `ingress`/`ingressDeny` (`egress`/`egressDeny`) rules, unless
 * `enableDefaultDeny` says otherwise for that direction; an empty list does not apply (Cilium's deny-all
 * is `ingress: [{}]`).
 */
function ciliumKind(kind: string, clusterwide: boolean): PolicyKind {
  return {
    kind,
    is: (object) => object.group === CILIUM_GROUP,
    governs(policy, pod) {
      if (!clusterwide && policy.namespace !== pod.namespace) return undefined;
      const rules = [get(policy.node, 'spec'), ...items(get(policy.node, 'specs'))].filter(
        (rule): rule is YNode => rule !== undefined,
      );
      const labels = ciliumLabels(pod);
      let selected = false;
      const types = new Set<PolicyType>();
      for (const rule of rules) {
        const selector = ciliumSelector(get(rule, 'endpointSelector'));
        if (!selector || !selectorMatches(selector, labels)) continue;
        selected = true;
        for (const type of POLICY_TYPES) {
          const direction = type === 'Ingress' ? 'ingress' : 'egress';
          const defaultDeny = bool(getIn(rule, ['enableDefaultDeny', direction]));
          const hasRules =
            items(get(rule, direction)).length > 0 || items(get(rule, `${direction}Deny`)).length > 0;
          if (defaultDeny ?? hasRules) types.add(type);
        }
      }
      return selected ? types : undefined;
    },
  };
}

/** Calico's `types` as written, else its default: each direction that has rules, Ingress when neither has. */
function calicoTypes(spec: unknown): Set<PolicyType> {
  const written = typesOf(get(spec, 'types'));
  if (written.length > 0) return new Set(written);
  const types = new Set<PolicyType>();
  if (items(get(spec, 'ingress')).length > 0) types.add('Ingress');
  if (items(get(spec, 'egress')).length > 0) types.add('Egress');
  if (types.size === 0) types.add('Ingress');
  return types;
}

/** A Calico selector expression field: absent or empty is all(); one that does not parse selects nothing. */
function calicoMatches(spec: unknown, key: string, labels: Record<string, string>): boolean {
  const expression = str(get(spec, key)) ?? '';
  const selector = parseCalicoSelector(expression);
  return selector?.(labels) ?? false;
}

/**
 * Calico NetworkPolicy (in its namespace) and GlobalNetworkPolicy (in every namespace its
 * namespaceSelector selects): `selector` is an expression over the pod's labels (plus
 * projectcalico.org/namespace, /orchestrator and /serviceaccount), `serviceAccountSelector` one over the
 * service account's labels (plus projectcalico.org/name); a GlobalNetworkPolicy with doNotTrack or preDNAT
 * applies to host endpoints only.
 */
function calicoKind(kind: string, global: boolean): PolicyKind {
  return {
    kind,
    is: (object) => CALICO_GROUPS.has(object.group),
    governs(policy, pod, index) {
      if (!global && policy.namespace !== pod.namespace) return undefined;
      const spec = get(policy.node, 'spec');
      if (global && (bool(get(spec, 'doNotTrack')) || bool(get(spec, 'preDNAT')))) return undefined;
      const labels: Record<string, string> = {
        ...pod.labels,
        'projectcalico.org/orchestrator': 'k8s',
        'projectcalico.org/serviceaccount': pod.serviceAccount,
      };
      if (pod.namespace) labels['projectcalico.org/namespace'] = pod.namespace;
      if (!calicoMatches(spec, 'selector', labels)) return undefined;
      if (global) {
        const namespace = { ...(pod.namespaceLabels ?? {}) };
        if (pod.namespace) namespace['projectcalico.org/name'] = pod.namespace;
        if (!calicoMatches(spec, 'namespaceSelector', namespace)) return undefined;
      }
      if (str(get(spec, 'serviceAccountSelector'))) {
        const account = index
          .inNamespace('ServiceAccount', pod.namespace)
          .find((candidate) => candidate.name === pod.serviceAccount);
        const accountLabels = { ...(account?.labels ?? {}), 'projectcalico.org/name': pod.serviceAccount };
        if (!calicoMatches(spec, 'serviceAccountSelector', accountLabels)) return undefined;
      }
      return calicoTypes(spec);
    },
  };
}

const POLICY_KINDS: PolicyKind[] = [
  kubernetesPolicy,
  ciliumKind('CiliumNetworkPolicy', false),
  ciliumKind('CiliumClusterwideNetworkPolicy', true),
  calicoKind('NetworkPolicy', false),
  calicoKind('GlobalNetworkPolicy', true),
];

function policyName(kind: PolicyKind, policy: KubeObject): string {
  if (kind === kubernetesPolicy) return `"${policy.name}"`;
  const calico = CALICO_GROUPS.has(policy.group) && policy.kind === 'NetworkPolicy';
  return `${calico ? 'Calico NetworkPolicy' : policy.kind} "${policy.name}"`;
}

/** The TCP container ports of the pod, in order, without duplicates. */
function tcpPorts(object: KubeObject): number[] {
  const ports: number[] = [];
  for (const container of object.podSpec?.containers ?? []) {
    for (const port of mapItems(get(container.node, 'ports'))) {
      const protocol = str(get(port, 'protocol')) ?? 'TCP';
      const number = num(get(port, 'containerPort'));
      if (protocol === 'TCP' && number !== undefined && !ports.includes(number)) ports.push(number);
    }
  }
  return ports;
}

export default defineControl<'podSpec', FixData>({
  meta: {
    id: 'missing-network-policy',
    stage: 6,
    category: 'security',
    severity: 'warning',
    title: 'No NetworkPolicy isolates the pods',
    description:
      "Pods that no network policy selects accept connections from, and open connections to, any pod in the cluster: one compromised workload can reach every other. Isolation needs policies governing both Ingress and Egress; a direction a policy governs with no rules (a deny-all) counts, as the strongest isolation. Counted, in the workload's namespace unless cluster-wide: Kubernetes NetworkPolicy (podSelector, absent or empty for every pod; policyTypes, else Ingress plus Egress when it has egress rules); Cilium CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (each rule of spec and specs whose endpointSelector matches the pod labels, with k8s:/any: key prefixes and the io.kubernetes.pod.namespace label understood, governs a direction when it has ingress/ingressDeny or egress/egressDeny rules, or enableDefaultDeny sets it; an empty list governs nothing); Calico NetworkPolicy and GlobalNetworkPolicy of projectcalico.org/v3 or crd.projectcalico.org/v1 (spec.selector is a Calico selector expression such as app == 'cart', all() when absent; a GlobalNetworkPolicy applies in the namespaces its namespaceSelector selects; serviceAccountSelector is matched against the pod's service account; spec.types, else each direction that has rules, Ingress when neither has).",
    remediation:
      "Add a NetworkPolicy (or a Cilium or Calico policy) selecting the workload's pods, governing Ingress and Egress, allowing only the traffic the workload needs. The fix (draft) appends a Kubernetes NetworkPolicy <workload>-netpol for the directions no policy governs yet: its podSelector is the workload's own spec.selector (matchLabels, with its matchExpressions), never every template label; for a bare Pod, a Job or a CronJob, which have no selector of their own, it is the pod labels less those that change between releases (version, app.kubernetes.io/version, chart and hash labels). It allows TCP ingress on the container ports (none when there is no TCP port) and leaves egress empty, all outgoing traffic blocked, for a person to fill in with the destinations the workload needs, DNS included. Withheld, with the reason, when there is nothing stable to select the pods by, and in JSON files.",
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
    const pod: Pod = {
      labels,
      namespace: object.namespace,
      serviceAccount:
        str(get(podSpec.node, 'serviceAccountName')) || str(get(podSpec.node, 'serviceAccount')) || 'default',
      namespaceLabels: namespaceLabels(index, object.namespace),
    };
    let anyPolicy = false;
    const selecting: string[] = [];
    const governed = new Set<PolicyType>();
    for (const kind of POLICY_KINDS) {
      for (const policy of index.ofKind(kind.kind)) {
        if (!kind.is(policy)) continue;
        anyPolicy = true;
        const types = kind.governs(policy, pod, index);
        if (!types) continue;
        selecting.push(policyName(kind, policy));
        for (const type of types) governed.add(type);
      }
    }
    const missing = POLICY_TYPES.filter((type) => !governed.has(type));
    if (missing.length === 0) return;
    const data: FixData = { missing };
    if (selecting.length === 0) {
      const where = !anyPolicy
        ? 'in this workspace'
        : object.namespace
          ? `in namespace "${object.namespace}"`
          : 'in the unnamed namespace';
      context.report({ message: `no NetworkPolicy ${where} selects ${formatLabels(labels)}`, data });
      return;
    }
    context.report({
      message: `no NetworkPolicy selecting ${formatLabels(labels)} governs ${missing.join(' or ')} (selected by ${selecting.join(', ')})`,
      data,
    });
  },
  fix(context, fixer, data) {
    const { object } = context;
    const { missing } = data;
    const result = podSelectionOf(object, true);
    // An empty podSelector would isolate every pod of the namespace: leave that to a person.
    if ('withheld' in result) {
      fixer.fail(`not offered: ${result.withheld}; write the NetworkPolicy's podSelector by hand`);
      return;
    }
    if (!object.name) {
      fixer.fail('not offered: the workload has no name to name the NetworkPolicy after');
      return;
    }
    if (fixer.file.json) {
      fixer.fail('not offered: a new NetworkPolicy cannot be appended to a JSON file; add it in a YAML file');
      return;
    }
    const spec: Record<string, FixValue | Comment> = {
      podSelector: selectorValue(result.selection),
      policyTypes: missing,
    };
    const ports = tcpPorts(object);
    if (missing.includes('Ingress')) {
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
    const name = `${object.name}-netpol`;
    fixer
      .appendDocument({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, ...(object.namespace ? { namespace: object.namespace } : {}) },
        spec,
      })
      .describe(
        `Add a NetworkPolicy ${name} for ${formatLabels(result.selection.matchLabels)} governing ${missing.join(' and ')}${
          missing.includes('Ingress')
            ? ports.length > 0
              ? ` (ingress on TCP ${ports.join(', ')})`
              : ' (no ingress)'
            : ''
        }${missing.includes('Egress') ? ', egress left for a person to fill' : ''}`,
      );
  },
});
