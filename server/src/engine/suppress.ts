import type { Settings } from './config';
import type { ControlMeta } from './control';
import type { ContainerRef, KubeObject } from './model';
import { nodeSpan } from './nodes';
import type { ParsedFile } from './parse';

export interface Exemption {
  reason: string;
  source: 'annotation' | 'peer-annotation' | 'comment' | 'configuration';
}

const OWN_IGNORE = 'kube-maturity.io/ignore';
const OWN_REASON = 'kube-maturity.io/ignore-reason';
const COMMENT_MARK = /(?:^|\s)#\s*kube-maturity-ignore\b(.*)$/;

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

function configurationExemption(
  settings: Settings,
  id: string,
  object: KubeObject | undefined,
  container: ContainerRef | undefined,
  namespaceOfCheck: string | undefined,
): Exemption | undefined {
  for (const rule of settings.exemptions) {
    if (!rule.controls.includes(id) && !rule.controls.includes('*')) continue;
    const prefixMatch = (prefixes: string[] | undefined, value: string | undefined) =>
      prefixes === undefined || (value !== undefined && prefixes.some((prefix) => value.startsWith(prefix)));
    const namespace = namespaceOfCheck ?? (object?.kind === 'Namespace' ? object.name : object?.namespace);
    if (!prefixMatch(rule.namespaces, namespace)) continue;
    if (!prefixMatch(rule.names, object?.name)) continue;
    if (!prefixMatch(rule.containers, container?.name)) continue;
    return { reason: rule.reason || 'exempt by .kube-maturity.yaml', source: 'configuration' };
  }
  return undefined;
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
