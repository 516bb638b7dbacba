import type { YAMLMap } from 'yaml';
import { defineControl, NOT_APPLICABLE, type Span, spanOf, spanOfKey } from '../../engine/control';
import type { KubeObject } from '../../engine/model';
import { asMap, get, items, mapItems, str, text, type YNode } from '../../engine/nodes';
import type { ObjectIndex } from '../../engine/objectIndex';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One string of a rule list (verbs, resources, apiGroups), with its node for positions. */
export interface RuleEntry {
  value: string;
  node: YNode;
}

export interface RbacRule {
  index: number;
  node: YAMLMap;
  apiGroups: RuleEntry[];
  resources: RuleEntry[];
  verbs: RuleEntry[];
}

function ruleEntries(rule: YAMLMap, key: string): RuleEntry[] {
  const result: RuleEntry[] = [];
  for (const node of items(get(rule, key))) {
    const value = text(node);
    if (value !== undefined) result.push({ value, node });
  }
  return result;
}

/** The rules of a Role or ClusterRole. */
export function readRules(role: KubeObject): RbacRule[] {
  return mapItems(get(role.node, 'rules')).map((node, index) => ({
    index,
    node,
    apiGroups: ruleEntries(node, 'apiGroups'),
    resources: ruleEntries(node, 'resources'),
    verbs: ruleEntries(node, 'verbs'),
  }));
}

/** True when the rule applies to the core API group (where pods and secrets live). */
export function coversCoreGroup(rule: RbacRule): boolean {
  return rule.apiGroups.some((entry) => entry.value === '' || entry.value === '*');
}

export function entrySpan(entry: RuleEntry): Span | undefined {
  return spanOf(entry.node);
}

export interface RoleReference {
  kind: string;
  name: string;
  /** The referenced role when the workspace declares it. */
  role?: KubeObject;
  at?: Span;
}

/** Reads a binding's roleRef and finds the role it names (a Role in the binding's namespace, a ClusterRole by name). */
export function referencedRole(index: ObjectIndex, binding: KubeObject): RoleReference | undefined {
  const roleRef = asMap(get(binding.node, 'roleRef'));
  const kind = str(get(roleRef, 'kind'));
  const name = str(get(roleRef, 'name'));
  if (!roleRef || !kind || !name) return undefined;
  if (kind !== 'Role' && kind !== 'ClusterRole') return undefined;
  const candidates =
    kind === 'Role' ? index.inNamespace('Role', binding.namespace) : index.ofKind('ClusterRole');
  const role = candidates.find((object) => object.group === RBAC_GROUP && object.name === name);
  return { kind, name, role, at: spanOfKey(binding.node, 'roleRef') };
}

export function isRbacObject(object: KubeObject): boolean {
  return object.group === RBAC_GROUP;
}

/** Names the control plane and cloud providers give their own RBAC objects (as Polaris exempts them). */
const BUILT_IN_PREFIX = 'system:';
const BUILT_IN_NAMES = new Set(['gce:podsecuritypolicy:calico-sa']);
/** Built-in ClusterRoles that grant pods/exec by design; the user-facing roles a cluster ships with. */
const BUILT_IN_CLUSTER_ROLES = new Set(['admin', 'edit', 'cluster-admin']);

/**
 * True when an RBAC object is a built-in, judged by its own name only: roles and bindings named
 * `system:*` or `gce:podsecuritypolicy:calico-sa`, the ClusterRoles admin, edit and cluster-admin, and
 * the ClusterRoleBinding cluster-admin. A binding is never exempt by the name of the role it references.
 */
export function isBuiltInRbacObject(object: KubeObject): boolean {
  const { kind, name } = object;
  if (name.startsWith(BUILT_IN_PREFIX) || BUILT_IN_NAMES.has(name)) return true;
  if (kind === 'ClusterRole') return BUILT_IN_CLUSTER_ROLES.has(name);
  if (kind === 'ClusterRoleBinding') return name === 'cluster-admin';
  return false;
}

/** Where a binding's role was looked for, for a message that says it is absent. */
function searchedFor(index: ObjectIndex, binding: KubeObject, reference: RoleReference): string {
  if (reference.kind === 'ClusterRole' || index.count(reference.kind) === 0) return 'in this workspace';
  return binding.namespace ? `in namespace "${binding.namespace}"` : 'in the unnamed namespace';
}

const EXEC_RESOURCES = new Set(['pods/exec', 'pods/attach', 'pods/*', '*']);
const EXEC_VERBS = new Set(['get', 'create', '*']);

/** What the built-in ClusterRoles that grant exec allow, for a binding to one the workspace does not declare. */
const BUILT_IN_EXEC_GRANTS: Record<string, string> = {
  admin: 'create on pods/exec and pods/attach',
  edit: 'create on pods/exec and pods/attach',
  'cluster-admin': '* on "*", which includes pods/exec and pods/attach',
};

interface ExecGrant {
  rule: RbacRule;
  resource: RuleEntry;
  verbs: string[];
}

function execGrants(role: KubeObject): ExecGrant[] {
  const grants: ExecGrant[] = [];
  for (const rule of readRules(role)) {
    if (!coversCoreGroup(rule)) continue;
    const verbs = rule.verbs.map((entry) => entry.value).filter((verb) => EXEC_VERBS.has(verb));
    const resource = rule.resources.find((entry) => EXEC_RESOURCES.has(entry.value));
    if (verbs.length > 0 && resource) grants.push({ rule, resource, verbs });
  }
  return grants;
}

function describeGrant(grant: ExecGrant): string {
  const verbs = grant.verbs.join(', ');
  const resource = grant.resource.value;
  if (resource === 'pods/exec' || resource === 'pods/attach') return `${verbs} on ${resource}`;
  return `${verbs} on "${resource}", which includes pods/exec and pods/attach`;
}

export default defineControl({
  meta: {
    id: 'rbac-exec-attach',
    stage: 6,
    category: 'security',
    severity: 'error',
    title: 'RBAC allows exec or attach into pods',
    description:
      'Whoever may create pods/exec or pods/attach can open a shell in running containers, read their secrets and act with their ServiceAccount: it bypasses every control on what the container is allowed to run.',
    remediation:
      'Remove pods/exec and pods/attach (and the "*" or "pods/*" resources that include them) from the role, or keep them in a dedicated role bound only to the break-glass subjects that need it. A binding is judged by the role it references: one that references a role absent from the workspace (other than the built-in view) fails, since that role cannot be inspected; declare the role beside it or exempt the binding. Built-in roles and bindings are exempt by their own name (system:*, gce:podsecuritypolicy:calico-sa, the ClusterRoles admin, edit and cluster-admin, the ClusterRoleBinding cluster-admin), never by the name of the role a binding references. No automatic fix is offered.',
    peers: {
      polaris: [
        'clusterrolePodExecAttach',
        'rolePodExecAttach',
        'clusterrolebindingPodExecAttach',
        'rolebindingClusterRolePodExecAttach',
        'rolebindingRolePodExecAttach',
      ],
    },
    fix: 'none',
    scope: 'object',
    kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
  },
  check(context) {
    const { object, index } = context;
    if (!isRbacObject(object) || isBuiltInRbacObject(object)) return NOT_APPLICABLE;
    if (object.kind === 'Role' || object.kind === 'ClusterRole') {
      for (const grant of execGrants(object)) {
        context.report({
          message: `rules[${grant.rule.index}] grants ${describeGrant(grant)}`,
          at: entrySpan(grant.resource),
        });
      }
      return;
    }
    const reference = referencedRole(index, object);
    if (!reference) return NOT_APPLICABLE;
    const bound = `${reference.kind} "${reference.name}"`;
    if (!reference.role) {
      if (reference.kind === 'ClusterRole' && reference.name === 'view') return;
      const builtIn = reference.kind === 'ClusterRole' ? BUILT_IN_EXEC_GRANTS[reference.name] : undefined;
      context.report({
        message: builtIn
          ? `binds the built-in ${bound}, which grants ${builtIn}`
          : `binds ${bound}, which is not ${searchedFor(index, object, reference)}: it cannot be inspected, and may grant pods/exec or pods/attach`,
        at: reference.at,
      });
      return;
    }
    const grants = execGrants(reference.role);
    if (grants.length === 0) return;
    context.report({
      message: `binds ${bound}, which grants ${describeGrant(grants[0])}`,
      at: reference.at,
    });
  },
});
