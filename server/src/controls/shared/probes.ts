import type { YAMLMap } from 'yaml';
import type { CheckResult, ContainerContext } from '../../engine/control';
import { NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { Comment, type Fixer, type FixValue } from '../../engine/fixer';
import { isLongRunning } from '../../engine/model';
import { asMap, get, getPair, has, isNullish, mapItems, num, str, type YNode } from '../../engine/nodes';

export type ProbeKey = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export const PROBE_KEYS: readonly ProbeKey[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

export interface DeclaredPort {
  name?: string;
  number?: number;
  protocol: string;
}

/** The ports a container declares in `ports`. */
export function declaredPorts(container: YAMLMap): DeclaredPort[] {
  return mapItems(get(container, 'ports')).map((port) => ({
    name: str(get(port, 'name')) || undefined,
    number: num(get(port, 'containerPort')),
    protocol: (str(get(port, 'protocol')) ?? 'TCP').toUpperCase(),
  }));
}

export interface ProbePort {
  handler: 'httpGet' | 'tcpSocket' | 'grpc';
  /** The handler mapping holding `port`. */
  handlerNode: YAMLMap;
  node: YNode;
  name?: string;
  number?: number;
}

/**
 * The port a probe targets: httpGet and tcpSocket take a number or a port name, grpc a number. A string
 * of digits is read as the number it spells.
 */
export function probePorts(probe: unknown): ProbePort[] {
  const result: ProbePort[] = [];
  for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    const handlerNode = asMap(get(probe, handler));
    const node = get(handlerNode, 'port');
    if (!handlerNode || node === undefined || isNullish(node)) continue;
    const number = num(node);
    const name = str(node);
    if (number !== undefined) result.push({ handler, handlerNode, node, number });
    else if (name !== undefined && /^\d+$/.test(name))
      result.push({ handler, handlerNode, node, number: Number(name) });
    else if (name !== undefined && name !== '') result.push({ handler, handlerNode, node, name });
  }
  return result;
}

export function portIsDeclared(port: ProbePort, ports: readonly DeclaredPort[]): boolean {
  if (port.number !== undefined) return ports.some((declared) => declared.number === port.number);
  return ports.some((declared) => declared.name === port.name);
}

/** The probe a fix adds: a TCP check on the first TCP port the container declares, by name when it has one. */
export function suggestedProbe(context: ContainerContext): FixValue | undefined {
  const { probeInitialDelaySeconds, probePeriodSeconds } = context.settings.fixDefaults;
  const port = declaredPorts(context.container.node).find(
    (declared) =>
      declared.protocol === 'TCP' && (declared.name !== undefined || declared.number !== undefined),
  );
  const timing = { initialDelaySeconds: probeInitialDelaySeconds, periodSeconds: probePeriodSeconds };
  if (port) {
    return { tcpSocket: { port: port.name ?? (port.number as number) }, ...timing };
  }
  return undefined;
}

/** A placeholder probe for a container without ports: a comment says a person must write the real check. */
export function placeholderProbe(context: ContainerContext): FixValue {
  const { probeInitialDelaySeconds, probePeriodSeconds } = context.settings.fixDefaults;
  return {
    note: new Comment(
      'kube-maturity: placeholder, the container declares no port; replace this command with a real health check',
    ),
    exec: { command: ['/bin/sh', '-c', 'exit 0'] },
    initialDelaySeconds: probeInitialDelaySeconds,
    periodSeconds: probePeriodSeconds,
  };
}

/** Reports a container of a long-running workload without the given probe (or with one that has no handler). */
export function checkMissingProbe(context: ContainerContext, key: ProbeKey): CheckResult {
  if (!isLongRunning(context.object)) return NOT_APPLICABLE;
  const container = context.container.node;
  const pair = getPair(container, key);
  if (!pair || isNullish(pair.value)) {
    context.report({ message: `no ${key}`, at: pair ? spanOfKey(container, key) : undefined });
    return;
  }
  const probe = asMap(get(container, key));
  if (!probe) {
    context.report({ message: `${key} is not a probe mapping`, at: spanOfKey(container, key) });
    return;
  }
  if (!HANDLERS.some((handler) => has(probe, handler))) {
    context.report({
      message: `${key} has no exec, httpGet, tcpSocket or grpc handler`,
      at: spanOfKey(container, key),
    });
  }
}

/** Adds the missing probe: TCP on the first port, else a commented placeholder (YAML block style only). */
export function fixMissingProbe(context: ContainerContext, fixer: Fixer, key: ProbeKey): void {
  const container = context.container.node;
  const pair = getPair(container, key);
  if (pair && !isNullish(pair.value)) return; // a probe without a handler needs a person
  const probe = suggestedProbe(context);
  if (probe) {
    fixer.set(container, [key], probe);
    return;
  }
  // The placeholder is only offered where its comment can be written: not in JSON, not in a flow mapping.
  if (fixer.file.json || container.flow) return;
  fixer.set(container, [key], placeholderProbe(context));
}
