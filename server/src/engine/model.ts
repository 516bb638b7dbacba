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
    name: str(get(metadata, 'name')) ?? str(get(metadata, 'generateName')) ?? '',
    namespace: str(get(metadata, 'namespace')) ?? '',
    labels: stringRecord(get(metadata, 'labels')),
    annotations: stringRecord(get(metadata, 'annotations')),
    ownerKinds,
  };
  if (isWorkloadKind(object)) object.podSpec = readPodSpec(object, problems);
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

function readPodSpec(object: KubeObject, problems: FileProblem[]): PodSpecRef | undefined {
  const templatePath = POD_TEMPLATE_PATHS[object.kind];
  let templateNode: YAMLMap | undefined = object.node;
  let path = object.path;
  for (const key of templatePath) {
    templateNode = expectMap(object.file, templateNode, key, path, problems);
    path = joinPath(path, key);
    if (!templateNode) return undefined;
  }
  const specNode = expectMap(object.file, templateNode, 'spec', path, problems);
  if (!specNode) return undefined;
  const specPath = joinPath(path, 'spec');
  const metadata =
    templatePath.length === 0 ? get(object.node, 'metadata') : getIn(templateNode, ['metadata']);
  const podSpec: PodSpecRef = {
    node: specNode,
    path: specPath,
    templateNode,
    templateLabels: stringRecord(get(metadata, 'labels')),
    templateAnnotations: stringRecord(get(metadata, 'annotations')),
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
