import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import type { Fixer } from '../../engine/fixer';
import type { KubeObject } from '../../engine/model';
import { asMap, asScalar, get, getPair, isAlias, isScalar, keySpan, nodeSpan, str } from '../../engine/nodes';
import type { OffsetEdit } from '../../engine/text';

export default defineControl({
  meta: {
    id: 'bare-pod',
    stage: 2,
    category: 'reliability',
    severity: 'warning',
    title: 'Pod declared directly instead of through a controller',
    description:
      'A Pod created on its own is never recreated: when its node fails, drains or is scaled down, or the pod is evicted, it is gone until someone applies it again, and it cannot be rolled out, scaled or rolled back.',
    remediation:
      'Declare a Deployment (or a Job for run-to-completion work) with this pod spec as its template. The fix turns the Pod into an apps/v1 Deployment: the pod spec moves under spec.template.spec, the pod labels and annotations are copied to the template, and a selector on those labels is added (app: <name> when the Pod has none). Pods with restartPolicy Never or OnFailure are left alone: they belong in a Job.',
    peers: {},
    fix: 'draft',
    fixEffect:
      'The Pod becomes a Deployment: a controller recreates it when it dies, and applying it creates new pods under a new name.',
    scope: 'object',
    kinds: ['Pod'],
  },
  check(context) {
    if (context.object.ownerKinds.length > 0) return NOT_APPLICABLE;
    context.report({
      message: 'declared as a bare Pod: nothing recreates it when it is evicted or its node fails',
    });
  },
  fix(context, fixer) {
    const edits = convertToDeployment(context.object, fixer);
    if (!edits) {
      fixer.fail();
      return;
    }
    for (const edit of edits) fixer.replaceText(edit.start, edit.end, edit.newText);
    fixer.describe(
      `Turn Pod ${context.object.name} into an apps/v1 Deployment with this pod spec as its template`,
    );
  },
});

/**
 * The edits that turn a Pod document into a Deployment, or undefined when the document is not written in
 * a shape the edits can keep intact (JSON, a flow or aliased spec, a Pod inside a List).
 */
function convertToDeployment(object: KubeObject, fixer: Fixer): OffsetEdit[] | undefined {
  const { file, node } = object;
  if (file.json || object.path !== '' || node.flow) return undefined;
  const apiVersion = asScalar(getPair(node, 'apiVersion')?.value);
  const kind = asScalar(getPair(node, 'kind')?.value);
  const specPair = getPair(node, 'spec');
  const spec = specPair?.value;
  if (!apiVersion || !kind || !specPair || !node.items.includes(specPair)) return undefined;
  if (isAlias(spec) || !asMap(spec) || asMap(spec)?.flow || asMap(spec)?.anchor) return undefined;
  const specMap = asMap(spec);
  if (!specMap || specMap.items.length === 0) return undefined;
  // A run-to-completion pod is a Job, and a Deployment template cannot hold ephemeral containers.
  const restartPolicy = str(get(specMap, 'restartPolicy'));
  if ((restartPolicy !== undefined && restartPolicy !== 'Always') || getPair(specMap, 'ephemeralContainers'))
    return undefined;

  const metadata = get(node, 'metadata');
  const labels = plainRecord(get(metadata, 'labels'));
  if (labels === undefined) return undefined;
  if (Object.keys(labels).length === 0) {
    const name = object.name
      .toLowerCase()
      .replace(/[^-._a-z0-9]/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
      .slice(0, 63)
      .replace(/[^a-z0-9]+$/, '');
    if (!name) return undefined;
    labels.app = name;
  }
  const annotations = plainRecord(get(metadata, 'annotations')) ?? {};
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];

  const lines = file.lines;
  const keyStart = keySpan(specPair)?.[0];
  const firstChild = keySpan(specMap.items[0])?.[0];
  const specSpan = nodeSpan(specMap);
  if (keyStart === undefined || firstChild === undefined || !specSpan) return undefined;
  const keyLine = lines.position(keyStart).line;
  const keyColumn = lines.position(keyStart).character;
  if (lines.position(firstChild).line === keyLine) return undefined;
  const unit = lines.position(firstChild).character - keyColumn;
  if (unit <= 0 || unit > 8) return undefined;
  let end = specSpan[1];
  while (end > firstChild && /\s/.test(file.text[end - 1])) end--;
  const lastLine = lines.position(end).line;

  const pad = (depth: number) => ' '.repeat(keyColumn + depth * unit);
  const block = (record: Record<string, string>, depth: number) =>
    Object.entries(record).map(([key, value]) => `${pad(depth)}${yamlString(key)}: ${yamlString(value)}`);
  const inserted = [
    `${pad(1)}selector:`,
    `${pad(2)}matchLabels:`,
    ...block(labels, 3),
    `${pad(1)}template:`,
    `${pad(2)}metadata:`,
    `${pad(3)}labels:`,
    ...block(labels, 4),
    ...(Object.keys(annotations).length > 0 ? [`${pad(3)}annotations:`, ...block(annotations, 4)] : []),
    `${pad(2)}spec:`,
  ];
  const eol = file.lineEnding;
  const edits: OffsetEdit[] = [
    { start: lines.lineEnd(keyLine), end: lines.lineEnd(keyLine), newText: eol + inserted.join(eol) },
  ];
  const shift = ' '.repeat(2 * unit);
  for (let line = keyLine + 1; line <= lastLine; line++) {
    if (lines.lineText(line).trim() === '') continue;
    const start = lines.lineStart(line);
    edits.push({ start, end: start, newText: shift });
  }
  fixer.replaceScalar(apiVersion, 'apps/v1');
  fixer.replaceScalar(kind, 'Deployment');
  return edits;
}

/** A mapping of strings (labels, annotations); undefined when it is written in a way the fix cannot copy. */
function plainRecord(node: unknown): Record<string, string> | undefined {
  const record: Record<string, string> = {};
  const map = asMap(node);
  if (!map) return node === undefined || asScalar(node)?.value === null ? record : undefined;
  for (const item of map.items) {
    const key = asScalar(item.key);
    const value = asScalar(item.value);
    if (!key || !isScalar(key) || key.value === '<<' || !value) return undefined;
    if (value.value === null) record[String(key.value)] = '';
    else if (typeof value.value === 'string') record[String(key.value)] = value.value;
    else record[String(key.value)] = String(value.source ?? value.value);
  }
  return record;
}

function yamlString(value: string): string {
  const plain =
    /^[A-Za-z_][-A-Za-z0-9_./]*$/.test(value) && !/^(?:true|false|yes|no|on|off|y|n|null)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
