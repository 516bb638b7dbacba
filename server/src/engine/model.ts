import type { YAMLMap } from 'yaml';
import {
  asMap,
  entries,
  get,
  getIn,
  getPair,
  isMap,
  isScalar,
  isSeq,
  items,
  keyText,
  nodeSpan,
  str,
  stringRecord,
  type YNode,
} from './nodes';
import type { FileProblem, ParsedDocument, ParsedFile } from './parse';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

export interface ContainerRef {
  node: YAMLMap;
  name: string;
  kind: ContainerKind;
  index: number;
  /** YAML path from the document root, e.g. spec.template.spec.containers[0]. */
  path: string;
  podSpec: PodSpecRef;
}

export interface PodSpecRef {
  node: YAMLMap;
  /** YAML path of the pod spec, e.g. spec.template.spec. */
  path: string;
  /** The map holding `spec` (the pod template, or the Pod itself). */
  templateNode: YAMLMap;
  templateLabels: Record<string, string>;
  templateAnnotations: Record<string, string>;
  containers: ContainerRef[];
  initContainers: ContainerRef[];
  ephemeralContainers: ContainerRef[];
  object: KubeObject;
}

/**
 * The labels and annotations the pods of an object carry, for label matching across objects (a Service,
 * PodDisruptionBudget or NetworkPolicy selecting them): a workload's pod template, with or without a
 * `spec` yet, or the pods an operator creates for a custom resource (OPERATOR_PODS). Only a workload
 * with a pod spec (`podSpec`) is checked by the pod-spec and container controls.
 */
export interface PodTemplateRef {
  /** The map holding the template's metadata (the Pod itself for a Pod); absent when an operator's labels are all there is. */
  node?: YAMLMap;
  /** YAML path of that map ('' for the object itself). */
  path: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Who creates these pods when it is not a workload controller (an operator): for label matching only. */
  operator?: string;
}

export interface KubeObject {
  /** Unique within a workspace: file, document and item. */
  key: string;
  file: ParsedFile;
  document: ParsedDocument;
  node: YAMLMap;
  /** Path of the object in its document ('' at the root, items[3] inside a List). */
  path: string;
  apiVersion: string;
  kind: string;
  /** API group without version ('' for the core group). */
  group: string;
  name: string;
  /** The namespace as written; '' for the unnamed namespace. */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerKinds: string[];
  /** True when `name` is a `generateName` prefix: every such object is a new one. */
  generatedName?: boolean;
  /** What its pods carry, for label matching (see PodTemplateRef); set even when there is no pod spec. */
  podTemplate?: PodTemplateRef;
  podSpec?: PodSpecRef;
}

/** Workload kinds and the path of their pod template (the map that holds metadata and spec). */
const POD_TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
  DeploymentConfig: ['spec', 'template'],
};

const CRD_WORKLOAD_GROUPS: Record<string, string> = {
  Rollout: 'argoproj.io',
  DeploymentConfig: 'apps.openshift.io',
};

/** An operator-managed resource whose pods are known by their labels (see OPERATOR_PODS). */
interface OperatorPods {
  group: string;
  kind: string;
  operator: string;
  /** Path of a pod template (a map with metadata.labels) in the resource. */
  template?: string[];
  /** Path of extra pod metadata (labels, annotations) in the resource. */
  podMetadata?: string[];
  /** The labels the operator puts on every pod, from the resource's name; they win over the others. */
  labels?: (name: string) => Record<string, string>;
}

const prometheusOperatorLabels =
  (app: string, nameLabel?: string, shards = false) =>
  (name: string): Record<string, string> => ({
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/managed-by': 'prometheus-operator',
    'app.kubernetes.io/instance': name,
    ...(nameLabel ? { [nameLabel]: name } : {}),
    // Prometheus and PrometheusAgent pods name their resource and shard (the first shard: "0").
    ...(shards ? { 'operator.prometheus.io/name': name, 'operator.prometheus.io/shard': '0' } : {}),
  });

/**
 * Custom resources whose pods an operator creates, with what those pods carry: they count as workloads
 * for label matching only (a Service that selects them selects something), never for the pod-spec and
 * container controls. Argo Rollouts and OpenShift DeploymentConfigs are workloads (POD_TEMPLATE_PATHS).
 * One row per resource: add operators here.
 */
const OPERATOR_PODS: readonly OperatorPods[] = [
  // Prometheus operator: the labels it sets on the pods of its StatefulSets, over spec.podMetadata.labels.
  {
    group: 'monitoring.coreos.com',
    kind: 'Prometheus',
    operator: 'the Prometheus operator',
    podMetadata: ['spec', 'podMetadata'],
    labels: prometheusOperatorLabels('prometheus', 'prometheus', true),
  },
  {
    group: 'monitoring.coreos.com',
    kind: 'PrometheusAgent',
    operator: 'the Prometheus operator',
    podMetadata: ['spec', 'podMetadata'],
    labels: prometheusOperatorLabels('prometheus-agent', undefined, true),
  },
  {
    group: 'monitoring.coreos.com',
    kind: 'Alertmanager',
    operator: 'the Prometheus operator',
    podMetadata: ['spec', 'podMetadata'],
    labels: prometheusOperatorLabels('alertmanager', 'alertmanager'),
  },
  {
    group: 'monitoring.coreos.com',
    kind: 'ThanosRuler',
    operator: 'the Prometheus operator',
    podMetadata: ['spec', 'podMetadata'],
    labels: prometheusOperatorLabels('thanos-ruler', 'thanos-ruler'),
  },
  // KEDA: the Jobs of a ScaledJob run its jobTargetRef's pod template, labelled with the ScaledJob's name.
  {
    group: 'keda.sh',
    kind: 'ScaledJob',
    operator: 'KEDA',
    template: ['spec', 'jobTargetRef', 'template'],
    labels: (name) => ({ 'scaledjob.keda.sh/name': name }),
  },
  // Knative Serving: a Service's revisions run spec.template, labelled with their Service and Configuration.
  {
    group: 'serving.knative.dev',
    kind: 'Service',
    operator: 'Knative Serving',
    template: ['spec', 'template'],
    labels: (name) => ({ 'serving.knative.dev/service': name, 'serving.knative.dev/configuration': name }),
  },
  {
    group: 'serving.knative.dev',
    kind: 'Configuration',
    operator: 'Knative Serving',
    template: ['spec', 'template'],
    labels: (name) => ({ 'serving.knative.dev/configuration': name }),
  },
];

const OPERATOR_PODS_BY_KIND = new Map(OPERATOR_PODS.map((row) => [`${row.group}/${row.kind}`, row]));

/**
 * Custom resources known to create no pods: monitoring configuration, certificates, mesh routing, GitOps
 * and policy objects, autoscalers. A custom resource of any other kind might be an operator's workload
 * (see isUnknownCustomResource).
 */
const PODLESS_CUSTOM_RESOURCES: Record<string, ReadonlySet<string> | '*'> = {
  'monitoring.coreos.com': new Set([
    'ServiceMonitor',
    'PodMonitor',
    'Probe',
    'PrometheusRule',
    'AlertmanagerConfig',
    'ScrapeConfig',
  ]),
  'keda.sh': new Set(['ScaledObject', 'TriggerAuthentication', 'ClusterTriggerAuthentication']),
  'argoproj.io': new Set(['Application', 'ApplicationSet', 'AppProject', 'AnalysisTemplate']),
  'cert-manager.io': '*',
  'acme.cert-manager.io': '*',
  'networking.istio.io': '*',
  'security.istio.io': '*',
  'telemetry.istio.io': '*',
  'kustomize.config.k8s.io': '*',
  'source.toolkit.fluxcd.io': '*',
  'kustomize.toolkit.fluxcd.io': '*',
  'helm.toolkit.fluxcd.io': '*',
  'notification.toolkit.fluxcd.io': '*',
  'image.toolkit.fluxcd.io': '*',
  'kyverno.io': '*',
  'templates.gatekeeper.sh': '*',
  'constraints.gatekeeper.sh': '*',
  'velero.io': '*',
  'traefik.io': '*',
  'traefik.containo.us': '*',
  'projectcontour.io': '*',
  'external-secrets.io': '*',
  'bitnami.com': new Set(['SealedSecret']),
  'snapshot.storage.k8s.io': '*',
};

/** Kubernetes' own API groups: the core group, the unqualified ones, and `*.k8s.io` (not the SIG projects' `*.x-k8s.io` CRDs). */
export function isBuiltInGroup(group: string): boolean {
  if (group === '' || !group.includes('.')) return true;
  return group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io');
}

/** A custom resource (not a Kubernetes API group). */
export function isCustomResource(object: Pick<KubeObject, 'group'>): boolean {
  return !isBuiltInGroup(object.group);
}

/**
 * A custom resource of a kind this linter does not know: neither a workload, nor an operator resource of
 * OPERATOR_PODS, nor one known to create no pods. Its operator might create pods that no manifest shows.
 */
export function isUnknownCustomResource(object: Pick<KubeObject, 'kind' | 'group'>): boolean {
  if (!isCustomResource(object) || isWorkloadKind(object)) return false;
  if (OPERATOR_PODS_BY_KIND.has(`${object.group}/${object.kind}`)) return false;
  const podless = PODLESS_CUSTOM_RESOURCES[object.group];
  return !(podless === '*' || podless?.has(object.kind));
}

export const LONG_RUNNING_EXCLUDED = new Set(['Job', 'CronJob']);

export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function isWorkloadKind(object: Pick<KubeObject, 'kind' | 'group'>): boolean {
  if (!(object.kind in POD_TEMPLATE_PATHS)) return false;
  const crdGroup = CRD_WORKLOAD_GROUPS[object.kind];
  if (!crdGroup) return true;
  // OpenShift also served DeploymentConfig from the legacy core group (apiVersion: v1).
  return object.group === crdGroup || (object.kind === 'DeploymentConfig' && object.group === '');
}

export function isLongRunning(object: KubeObject): boolean {
  return object.podSpec !== undefined && !LONG_RUNNING_EXCLUDED.has(object.kind);
}

export function objectRef(object: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name: object.name };
  if (object.namespace) ref.namespace = object.namespace;
  return ref;
}

/** How messages name an object: `Deployment shop/cart`, or `Deployment cart` without a namespace. */
export function describeObject(object: Pick<KubeObject, 'kind' | 'name' | 'namespace'>): string {
  const name = object.name || '(unnamed)';
  return `${object.kind} ${object.namespace ? `${object.namespace}/${name}` : name}`;
}

const objectsOfFile = new WeakMap<ParsedFile, KubeObject[]>();

/** Finds the Kubernetes objects of a parsed file once; schema problems go to the file's problem list. */
export function extractObjects(file: ParsedFile): KubeObject[] {
  const cached = objectsOfFile.get(file);
  if (cached) return cached;
  const objects: KubeObject[] = [];
  objectsOfFile.set(file, objects);
  for (const document of file.documents) {
    if (document.broken) continue;
    const root = document.doc.contents;
    if (!isMap(root)) continue;
    const top = readObject(file, document, root, '');
    if (!top) continue;
    const listItems = get(root, 'items');
    if (top.kind.endsWith('List') && isSeq(listItems)) {
      items(listItems).forEach((item, index) => {
        if (!isMap(item)) return;
        const object = readObject(file, document, item, `items[${index}]`);
        if (object) objects.push(object);
      });
    } else {
      objects.push(top);
    }
  }
  return objects;
}

function readObject(
  file: ParsedFile,
  document: ParsedDocument,
  node: YAMLMap,
  path: string,
): KubeObject | undefined {
  const apiVersion = str(get(node, 'apiVersion'));
  const kind = str(get(node, 'kind'));
  if (!apiVersion || !kind) return undefined;
  const problems = file.problems;
  const metadata = expectMap(file, node, 'metadata', path, problems);
  const ownerKinds = items(get(metadata, 'ownerReferences'))
    .map((owner) => str(get(owner, 'kind')))
    .filter((ownerKind): ownerKind is string => ownerKind !== undefined);
  const object: KubeObject = {
    key: `${file.path}#${document.index}${path ? `/${path}` : ''}`,
    file,
    document,
    node,
    path,
    apiVersion,
    kind,
    group: apiGroup(apiVersion),
    name: str(get(metadata, 'name')) ?? '',
    namespace: str(get(metadata, 'namespace')) ?? '',
    labels: stringRecord(get(metadata, 'labels')),
    annotations: stringRecord(get(metadata, 'annotations')),
    ownerKinds,
  };
  if (!object.name) {
    const generateName = str(get(metadata, 'generateName'));
    if (generateName) {
      object.name = generateName;
      object.generatedName = true;
    }
  }
  if (isWorkloadKind(object)) {
    object.podTemplate = readPodTemplate(object, problems);
    if (object.podTemplate) object.podSpec = readPodSpec(object, object.podTemplate, problems);
  } else {
    const operated = OPERATOR_PODS_BY_KIND.get(`${object.group}/${kind}`);
    if (operated) object.podTemplate = readOperatorPods(object, operated);
  }
  return object;
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/**
 * Reads a key that must hold a mapping. A present value of another type is a schema problem: reported
 * at its position, and the object is read as if the key were absent.
 */
function expectMap(
  file: ParsedFile,
  parent: YAMLMap | undefined,
  key: string,
  parentPath: string,
  problems: FileProblem[],
): YAMLMap | undefined {
  const pair = getPair(parent, key);
  if (!pair) return undefined;
  const value = get(parent, key);
  if (isMap(value)) return value;
  if (isScalar(value) && value.value === null) return undefined;
  const span = nodeSpan(pair.value) ?? nodeSpan(pair.key);
  problems.push({
    kind: 'schema',
    message: `${joinPath(parentPath, key)} should be a mapping, found ${describeNode(value)}`,
    span,
  });
  void file;
  return undefined;
}

function describeNode(node: YNode | undefined): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node))
    return typeof node.value === 'string' ? `the string "${truncate(node.value)}"` : `${String(node.value)}`;
  return 'an alias';
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 37)}…` : value;
}

/** The pod template of a workload (the Pod itself for a Pod), with its labels, whether or not it has a spec yet. */
function readPodTemplate(object: KubeObject, problems: FileProblem[]): PodTemplateRef | undefined {
  const templatePath = POD_TEMPLATE_PATHS[object.kind];
  if (templatePath.length === 0) {
    const annotations = object.annotations;
    return { node: object.node, path: object.path, labels: object.labels, annotations };
  }
  let templateNode: YAMLMap | undefined = object.node;
  let path = object.path;
  for (const key of templatePath) {
    templateNode = expectMap(object.file, templateNode, key, path, problems);
    path = joinPath(path, key);
    if (!templateNode) return undefined;
  }
  const metadata = get(templateNode, 'metadata');
  return {
    node: templateNode,
    path,
    labels: stringRecord(get(metadata, 'labels')),
    annotations: stringRecord(get(metadata, 'annotations')),
  };
}

/** What an operator's pods carry: its resource's pod template or pod metadata, then the operator's own labels. */
function readOperatorPods(object: KubeObject, operated: OperatorPods): PodTemplateRef {
  const template = operated.template ? asMap(getIn(object.node, operated.template)) : undefined;
  const templateMetadata = get(template, 'metadata');
  const podMetadata = operated.podMetadata ? getIn(object.node, operated.podMetadata) : undefined;
  const labels = {
    ...stringRecord(get(templateMetadata, 'labels')),
    ...stringRecord(get(podMetadata, 'labels')),
    ...(operated.labels && object.name ? operated.labels(object.name) : {}),
  };
  const annotations = {
    ...stringRecord(get(templateMetadata, 'annotations')),
    ...stringRecord(get(podMetadata, 'annotations')),
  };
  const path = template && operated.template ? operated.template.reduce(joinPath, object.path) : object.path;
  return { node: template, path, labels, annotations, operator: operated.operator };
}

function readPodSpec(
  object: KubeObject,
  template: PodTemplateRef,
  problems: FileProblem[],
): PodSpecRef | undefined {
  const templateNode = template.node;
  if (!templateNode) return undefined;
  const specNode = expectMap(object.file, templateNode, 'spec', template.path, problems);
  if (!specNode) return undefined;
  const specPath = joinPath(template.path, 'spec');
  const podSpec: PodSpecRef = {
    node: specNode,
    path: specPath,
    templateNode,
    templateLabels: template.labels,
    templateAnnotations: template.annotations,
    containers: [],
    initContainers: [],
    ephemeralContainers: [],
    object,
  };
  podSpec.containers = readContainers(podSpec, 'containers', 'container', problems);
  podSpec.initContainers = readContainers(podSpec, 'initContainers', 'initContainer', problems);
  podSpec.ephemeralContainers = readContainers(
    podSpec,
    'ephemeralContainers',
    'ephemeralContainer',
    problems,
  );
  return podSpec;
}

function readContainers(
  podSpec: PodSpecRef,
  key: string,
  kind: ContainerKind,
  problems: FileProblem[],
): ContainerRef[] {
  const pair = getPair(podSpec.node, key);
  if (!pair) return [];
  const value = get(podSpec.node, key);
  const listPath = joinPath(podSpec.path, key);
  if (isScalar(value) && value.value === null) return [];
  if (!isSeq(value)) {
    problems.push({
      kind: 'schema',
      message: `${listPath} should be a list of containers, found ${describeNode(value)}`,
      span: nodeSpan(pair.value) ?? nodeSpan(pair.key),
    });
    return [];
  }
  const containers: ContainerRef[] = [];
  value.items.forEach((item, index) => {
    const node = asMap(item);
    if (!node) {
      problems.push({
        kind: 'schema',
        message: `${joinPath(listPath, index)} should be a container mapping, found ${describeNode(item as YNode)}`,
        span: nodeSpan(item),
      });
      return;
    }
    containers.push({
      node,
      name: str(get(node, 'name')) ?? `#${index + 1}`,
      kind,
      index,
      path: joinPath(listPath, index),
      podSpec,
    });
  });
  return containers;
}

export function allContainers(podSpec: PodSpecRef): ContainerRef[] {
  return [...podSpec.initContainers, ...podSpec.containers, ...podSpec.ephemeralContainers];
}

/** Keys of a mapping in source order, for messages and checks that look at what is present. */
export function keysOf(node: YAMLMap | undefined): string[] {
  return entries(node).map(([key]) => key);
}

export { keyText };
