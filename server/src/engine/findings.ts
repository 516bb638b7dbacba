/**
 * Findings from what a check reported (as ESLint's file-report): the message with its subject, the range
 * (where the check put it, or the unit's anchor), the object and container, the exemption.
 */
import { type AnyControl, type Report, type Severity, type Span, spanOfKey } from './control';
import { type ContainerRef, describeObject, type KubeObject, objectRef } from './model';
import { get, getPair, keySpan, nodeSpan } from './nodes';
import type { Finding } from './result';
import type { Exemption } from './suppress';
import type { Unit } from './units';

export function findingOf(
  control: AnyControl,
  unit: Unit,
  report: Report,
  severity: Severity,
  exemption: Exemption | undefined,
): Finding {
  const { meta } = control;
  const subject = subjectOf(unit);
  const finding: Finding = {
    control: meta.id,
    stage: meta.stage,
    category: meta.category,
    severity,
    message: subject ? `${subject}: ${report.message}` : report.message,
  };
  if (subject) finding.subject = subject;
  if (exemption) finding.exempt = exemption;
  const file = unit.object?.file;
  if (!file || !unit.object) return finding;
  finding.file = file.path;
  const at = report.at ?? anchorOf(unit);
  if (at) finding.range = file.lines.range(at[0], at[1]);
  finding.object = objectRef(unit.object);
  if (unit.container) finding.container = unit.container.name;
  return finding;
}

export function objectAnchor(object: KubeObject): Span | undefined {
  const metadata = get(object.node, 'metadata');
  return spanOfKey(metadata as never, 'name') ?? spanOfKey(object.node, 'kind');
}

function containerAnchor(container: ContainerRef): Span | undefined {
  const name = spanOfKey(container.node, 'name');
  if (name) return name;
  const first = container.node.items[0];
  return first ? keySpan(first as never) : nodeSpan(container.node);
}

function podSpecAnchor(object: KubeObject): Span | undefined {
  const podSpec = object.podSpec;
  if (!podSpec) return objectAnchor(object);
  if (podSpec.templateNode === object.node) return objectAnchor(object);
  const specPair = getPair(podSpec.templateNode, 'spec');
  return specPair ? keySpan(specPair) : objectAnchor(object);
}

function containerLabel(container: ContainerRef): string {
  const kind =
    container.kind === 'initContainer'
      ? 'init container'
      : container.kind === 'ephemeralContainer'
        ? 'ephemeral container'
        : 'container';
  return `${kind} ${container.name || '(unnamed)'}`;
}

/** What a finding's message names: the object, and the container for container checks. */
function subjectOf(unit: Unit): string | undefined {
  if (unit.subject !== undefined || !unit.object || unit.scope === 'namespace' || unit.scope === 'workspace')
    return unit.subject;
  const object = describeObject(unit.object);
  return unit.container ? `${object}, ${containerLabel(unit.container)}` : object;
}

/** Where a finding without a position of its own goes. */
export function anchorOf(unit: Unit): Span | undefined {
  if (unit.anchored || !unit.object) return unit.anchor;
  if (unit.scope === 'object') return objectAnchor(unit.object);
  if (unit.scope === 'podSpec') return podSpecAnchor(unit.object);
  return unit.container ? containerAnchor(unit.container) : undefined;
}
