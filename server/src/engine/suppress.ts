import type { Settings } from './config';
import type { ControlMeta } from './control';
import type { ContainerRef, KubeObject } from './model';
import { nodeSpan } from './nodes';
import type { ParsedFile } from './parse';

export interface Exemption {
  reason: string;
  source: 'annotation' | 'peer-annotation' | 'comment' | 'configuration';
}

/**
 * Everything that makes a check exempt lives here: the annotations (ours and the peers'), the comment and
 * the configuration's exemptions. The analyzer asks `hasExemptingAnnotation` and `IGNORE_COMMENT` whether
 * an object needs looking at; the editor's ignore actions write `IGNORE_ANNOTATION` and `IGNORE_COMMENT`.
 */
export const IGNORE_ANNOTATION = 'kube-maturity.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kube-maturity.io/ignore-reason';
export const IGNORE_COMMENT = 'kube-maturity-ignore';
const OWN_IGNORE = IGNORE_ANNOTATION;
const OWN_REASON = IGNORE_REASON_ANNOTATION;
const COMMENT_MARK = /(?:^|\s)#\s*kube-maturity-ignore\b(.*)$/;

/** Annotation keys that can exempt a check: an object without any is exempt by none. */
const EXEMPTING_ANNOTATION =
  /^(?:kube-maturity\.io\/ignore|polaris\.fairwinds\.com\/|kube-linter\.io\/ignore-all$|ignore-check\.kube-linter\.io\/|kube-score\/ignore$)/;

/** True when the annotations hold a key that can exempt some check (ours or a peer's). */
export function hasExemptingAnnotation(annotations: Record<string, string>): boolean {
  for (const key in annotations) if (EXEMPTING_ANNOTATION.test(key)) return true;
  return false;
}

function listIncludes(list: string, id: string): boolean {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .some((entry) => entry === id || entry === '*');
}

function matchesAlias(pattern: string, check: string): boolean {
  if (!pattern.includes('*')) return pattern === check;
  const [prefix, suffix] = pattern.split('*');
  return check.startsWith(prefix) && check.endsWith(suffix);
}

function annotationExemption(meta: ControlMeta, annotations: Record<string, string>): Exemption | undefined {
  const own = annotations[OWN_IGNORE];
  if (own !== undefined && listIncludes(own, meta.id)) {
    return { reason: annotations[OWN_REASON] || `ignored by annotation ${OWN_IGNORE}`, source: 'annotation' };
  }
  const { polaris = [], kubeLinter = [], kubeScore = [] } = meta.peers;
  if (polaris.length > 0) {
    if (annotations['polaris.fairwinds.com/exempt'] === 'true') {
      return { reason: 'exempt by polaris.fairwinds.com/exempt', source: 'peer-annotation' };
    }
    for (const check of polaris) {
      if (annotations[`polaris.fairwinds.com/${check}-exempt`] === 'true') {
        return { reason: `exempt by polaris.fairwinds.com/${check}-exempt`, source: 'peer-annotation' };
      }
    }
  }
  if (kubeLinter.length > 0) {
    if ('kube-linter.io/ignore-all' in annotations) {
      return {
        reason: annotations['kube-linter.io/ignore-all'] || 'ignored by kube-linter.io/ignore-all',
        source: 'peer-annotation',
      };
    }
    for (const check of kubeLinter) {
      const key = `ignore-check.kube-linter.io/${check}`;
      if (key in annotations)
        return { reason: annotations[key] || `ignored by ${key}`, source: 'peer-annotation' };
    }
  }
  const kubeScoreIgnore = annotations['kube-score/ignore'];
  if (kubeScore.length > 0 && kubeScoreIgnore !== undefined) {
    const ignored = kubeScoreIgnore.split(',').map((entry) => entry.trim());
    if (kubeScore.some((pattern) => ignored.some((check) => matchesAlias(pattern, check)))) {
      return { reason: `ignored by kube-score/ignore: ${kubeScoreIgnore}`, source: 'peer-annotation' };
    }
  }
  return undefined;
}

/** The `# kube-maturity-ignore ids: reason` comment at the end of a node's first line or on the lines above. */
function commentExemption(file: ParsedFile, nodeStart: number, id: string): Exemption | undefined {
  const lines = file.lines;
  const firstLine = lines.position(nodeStart).line;
  const candidates = [lines.lineText(firstLine)];
  for (let line = firstLine - 1; line >= 0; line--) {
    const lineText = lines.lineText(line).trim();
    if (!lineText.startsWith('#')) break;
    candidates.push(lineText);
  }
  for (const candidate of candidates) {
    const match = COMMENT_MARK.exec(candidate);
    if (!match) continue;
    const rest = match[1];
    const colon = rest.indexOf(':');
    const ids = (colon >= 0 ? rest.slice(0, colon) : rest).trim();
    const reason = colon >= 0 ? rest.slice(colon + 1).trim() : '';
    if (ids === '' || listIncludes(ids, id)) {
      return { reason: reason || 'ignored by a # kube-maturity-ignore comment', source: 'comment' };
    }
  }
  return undefined;
}

type Rule = Settings['exemptions'][number];

/**
 * The configuration's exemptions indexed once: each rule under one of its prefixes (names first, then
 * namespaces, then containers), so that a check looks up the prefixes of its own name, namespace and
 * container instead of walking every rule (50,000 exemptions stay cheap).
 */
interface ExemptionIndex {
  byName: Map<string, number[]>;
  byNamespace: Map<string, number[]>;
  byContainer: Map<string, number[]>;
  unconditional: number[];
}

const indexes = new WeakMap<readonly Rule[], ExemptionIndex>();

function indexOf(rules: readonly Rule[]): ExemptionIndex {
  let index = indexes.get(rules);
  if (index) return index;
  index = { byName: new Map(), byNamespace: new Map(), byContainer: new Map(), unconditional: [] };
  const add = (map: Map<string, number[]>, prefixes: readonly string[], position: number) => {
    for (const prefix of new Set(prefixes)) {
      const list = map.get(prefix);
      if (list) list.push(position);
      else map.set(prefix, [position]);
    }
  };
  rules.forEach((rule, position) => {
    if (rule.names) add(index!.byName, rule.names, position);
    else if (rule.namespaces) add(index!.byNamespace, rule.namespaces, position);
    else if (rule.containers) add(index!.byContainer, rule.containers, position);
    else index!.unconditional.push(position);
  });
  indexes.set(rules, index);
  return index;
}

/** Rules indexed under a prefix of `value`: one map look-up per prefix length. */
function candidatesOf(map: Map<string, number[]>, value: string | undefined, into: number[]): void {
  if (value === undefined || map.size === 0) return;
  for (let length = 0; length <= value.length; length++) {
    const found = map.get(value.slice(0, length));
    if (found) for (const position of found) into.push(position);
  }
}

function configurationExemption(
  settings: Settings,
  id: string,
  object: KubeObject | undefined,
  container: ContainerRef | undefined,
  namespaceOfCheck: string | undefined,
): Exemption | undefined {
  const rules = settings.exemptions;
  if (rules.length === 0) return undefined;
  const index = indexOf(rules);
  const namespace = namespaceOfCheck ?? (object?.kind === 'Namespace' ? object.name : object?.namespace);
  const candidates = [...index.unconditional];
  candidatesOf(index.byName, object?.name, candidates);
  candidatesOf(index.byNamespace, namespace, candidates);
  candidatesOf(index.byContainer, container?.name, candidates);
  const prefixMatch = (prefixes: string[] | undefined, value: string | undefined) =>
    prefixes === undefined || (value !== undefined && prefixes.some((prefix) => value.startsWith(prefix)));
  // The first matching rule in the file's order gives the reason.
  let first: Rule | undefined;
  let firstPosition = Number.POSITIVE_INFINITY;
  for (const position of candidates) {
    if (position >= firstPosition) continue;
    const rule = rules[position];
    if (!rule.controls.includes(id) && !rule.controls.includes('*')) continue;
    if (!prefixMatch(rule.namespaces, namespace)) continue;
    if (!prefixMatch(rule.names, object?.name)) continue;
    if (!prefixMatch(rule.containers, container?.name)) continue;
    first = rule;
    firstPosition = position;
  }
  return first
    ? { reason: first.reason || 'exempt by .kube-maturity.yaml', source: 'configuration' }
    : undefined;
}

/** Why a check of a control on an object (and container) is exempt, or undefined when it counts. */
export function findExemption(
  meta: ControlMeta,
  settings: Settings,
  object: KubeObject | undefined,
  container?: ContainerRef,
  namespace?: string,
): Exemption | undefined {
  const fromConfig = configurationExemption(settings, meta.id, object, container, namespace);
  if (fromConfig) return fromConfig;
  if (!object) return undefined;
  const fromAnnotations =
    annotationExemption(meta, object.annotations) ??
    (object.podSpec && object.podSpec.templateNode !== object.node
      ? annotationExemption(meta, object.podSpec.templateAnnotations)
      : undefined);
  if (fromAnnotations) return fromAnnotations;
  if (container) {
    const containerStart = nodeSpan(container.node)?.[0];
    const fromContainerComment =
      containerStart !== undefined ? commentExemption(object.file, containerStart, meta.id) : undefined;
    if (fromContainerComment) return fromContainerComment;
  }
  const objectStart = nodeSpan(object.node)?.[0];
  return objectStart !== undefined ? commentExemption(object.file, objectStart, meta.id) : undefined;
}
