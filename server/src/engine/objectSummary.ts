/**
 * An object as the other shards of a parallel run see it (see shard.ts): what the index files it by, as
 * plain data a worker can send, and a KubeObject standing for it whose parse (file, document, node, pod
 * spec) is made from its file's text only when a check reads it.
 */
import type { YAMLMap } from 'yaml';
import { type Span, spanOfKey } from './control';
import { objectAnchor } from './findings';
import type { KubeObject, PodSpecRef, PodTemplateRef } from './model';
import { get, nodeSpan, str, stringRecord } from './nodes';
import { type LabelSelector, readLabelSelector } from './objectIndex';
import type { ParsedDocument, ParsedFile } from './parse';

export interface ObjectSummary
  extends Pick<
    KubeObject,
    | 'key'
    | 'path'
    | 'apiVersion'
    | 'kind'
    | 'group'
    | 'name'
    | 'namespace'
    | 'labels'
    | 'annotations'
    | 'ownerKinds'
    | 'generatedName'
  > {
  /** The path of its file. */
  file: string;
  podTemplate?: Omit<PodTemplateRef, 'node'>;
  hasPodSpec: boolean;
  /** A Service's spec.selector. */
  serviceSelector?: Record<string, string>;
  /** A PodDisruptionBudget's spec.selector, as a label selector (none when it has no selector). */
  budgetSelector?: { selector?: LabelSelector };
  /** An autoscaler's (HorizontalPodAutoscaler, ScaledObject) spec.scaleTargetRef kind and name. */
  scaleTarget?: ScaleTarget;
  /** Where the object starts in its file's text (declaration order). */
  start: number;
  /** Where a finding about the object goes (objectAnchor), and its `metadata.namespace` key. */
  anchor?: Span;
  namespaceKey?: Span;
}

/** What an autoscaler's spec.scaleTargetRef names (each undefined when not a string). */
export interface ScaleTarget {
  kind?: string;
  name?: string;
}

/** Kinds whose spec.scaleTargetRef the summary carries. */
const AUTOSCALER_KINDS = new Set(['HorizontalPodAutoscaler', 'ScaledObject']);

export function summaryOf(object: KubeObject): ObjectSummary {
  const summary: ObjectSummary = {
    key: object.key,
    file: object.file.path,
    path: object.path,
    apiVersion: object.apiVersion,
    kind: object.kind,
    group: object.group,
    name: object.name,
    namespace: object.namespace,
    labels: object.labels,
    annotations: object.annotations,
    ownerKinds: object.ownerKinds,
    hasPodSpec: object.podSpec !== undefined,
    start: startOf(object),
  };
  const anchor = anchorOfObject(object);
  if (anchor) summary.anchor = anchor;
  const namespaceKey = namespaceKeyOf(object);
  if (namespaceKey) summary.namespaceKey = namespaceKey;
  if (object.generatedName) summary.generatedName = true;
  const template = object.podTemplate;
  if (template) {
    summary.podTemplate = { path: template.path, labels: template.labels, annotations: template.annotations };
    if (template.operator !== undefined) summary.podTemplate.operator = template.operator;
  }
  if (object.kind === 'Service') summary.serviceSelector = serviceSelectorOf(object);
  if (object.kind === 'PodDisruptionBudget') {
    const selector = budgetSelectorOf(object);
    summary.budgetSelector = selector ? { selector } : {};
  }
  if (AUTOSCALER_KINDS.has(object.kind)) summary.scaleTarget = scaleTargetOf(object);
  return summary;
}

/** A PodDisruptionBudget's spec.selector, read as a label selector. */
export function budgetSelectorOf(budget: KubeObject): LabelSelector | undefined {
  if (budget instanceof SummarizedObject && budget.summary.budgetSelector)
    return budget.summary.budgetSelector.selector;
  return readLabelSelector(get(get(budget.node, 'spec'), 'selector'));
}

/** What an autoscaler's spec.scaleTargetRef names. */
export function scaleTargetOf(scaler: KubeObject): ScaleTarget {
  if (scaler instanceof SummarizedObject && scaler.summary.scaleTarget) return scaler.summary.scaleTarget;
  const ref = get(get(scaler.node, 'spec'), 'scaleTargetRef');
  const target: ScaleTarget = {};
  const kind = str(get(ref, 'kind'));
  const name = str(get(ref, 'name'));
  if (kind !== undefined) target.kind = kind;
  if (name !== undefined) target.name = name;
  return target;
}

export function serviceSelectorOf(service: KubeObject): Record<string, string> {
  if (service instanceof SummarizedObject && service.summary.serviceSelector)
    return service.summary.serviceSelector;
  return stringRecord(get(get(service.node, 'spec'), 'selector'));
}

/** Where the object starts in its file, without making the parse of a summarized one. */
export function startOf(object: KubeObject): number {
  return object instanceof SummarizedObject ? object.summary.start : (nodeSpan(object.node)?.[0] ?? 0);
}

/** Where a finding about the object goes, without making the parse of a summarized one. */
export function anchorOfObject(object: KubeObject): Span | undefined {
  return object instanceof SummarizedObject ? object.summary.anchor : objectAnchor(object);
}

/** The object's `metadata.namespace` key, without making the parse of a summarized one. */
export function namespaceKeyOf(object: KubeObject): Span | undefined {
  return object instanceof SummarizedObject
    ? object.summary.namespaceKey
    : spanOfKey(get(object.node, 'metadata') as never, 'namespace');
}

/** Whether the object has a pod spec, without making the parse of a summarized one. */
export function hasPodSpec(object: KubeObject): boolean {
  return object instanceof SummarizedObject ? object.summary.hasPodSpec : object.podSpec !== undefined;
}

/** The objects of a file as a fresh parse of its text reads them (the same keys). */
export type ObjectLoader = (file: string) => readonly KubeObject[];

/** The path of an object's file, without making the parse of a summarized one. */
export function filePathOf(object: KubeObject): string {
  return object instanceof SummarizedObject ? object.summary.file : object.file.path;
}

/**
 * A KubeObject of another shard: its identity and labels from the summary, the rest from a parse of its
 * file made when first read (and kept).
 */
export class SummarizedObject implements KubeObject {
  readonly key: string;
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly group: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly ownerKinds: string[];
  readonly generatedName?: boolean;
  readonly podTemplate?: PodTemplateRef;
  private loaded?: KubeObject;

  constructor(
    readonly summary: ObjectSummary,
    private readonly load: ObjectLoader,
  ) {
    this.key = summary.key;
    this.path = summary.path;
    this.apiVersion = summary.apiVersion;
    this.kind = summary.kind;
    this.group = summary.group;
    this.name = summary.name;
    this.namespace = summary.namespace;
    this.labels = summary.labels;
    this.annotations = summary.annotations;
    this.ownerKinds = summary.ownerKinds;
    if (summary.generatedName) this.generatedName = true;
    if (summary.podTemplate) {
      const parsed = () => this.parsed().podTemplate;
      const { path, labels, annotations, operator } = summary.podTemplate;
      this.podTemplate = {
        path,
        labels,
        annotations,
        ...(operator !== undefined ? { operator } : {}),
        get node() {
          return parsed()?.node;
        },
      };
    }
  }

  get file(): ParsedFile {
    return this.parsed().file;
  }

  get document(): ParsedDocument {
    return this.parsed().document;
  }

  get node(): YAMLMap {
    return this.parsed().node;
  }

  get podSpec(): PodSpecRef | undefined {
    return this.summary.hasPodSpec ? this.parsed().podSpec : undefined;
  }

  /** The object as a parse of its file reads it (the same key). */
  parsed(): KubeObject {
    if (!this.loaded) {
      const found = this.load(this.summary.file).find((object) => object.key === this.key);
      if (!found) throw new Error(`${this.key} is not in ${this.summary.file} as it was read`);
      this.loaded = found;
    }
    return this.loaded;
  }
}
