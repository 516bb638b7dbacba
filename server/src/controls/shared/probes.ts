import { isDeepStrictEqual } from 'node:util';
import type { YAMLMap } from 'yaml';
import type { CheckResult, ContainerContext } from '../../engine/control';
import { NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { Comment, type Fixer, type FixValue } from '../../engine/fixer';
import { isLongRunning } from '../../engine/model';
import {
  asMap,
  get,
  getPair,
  has,
  isNullish,
  mapItems,
  num,
  str,
  toPlain,
  type YNode,
} from '../../engine/nodes';

export type ProbeKey = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
export const PROBE_KEYS: readonly ProbeKey[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/**
 * The failureThreshold of a liveness probe the fix writes: twice the default of 3 a readiness probe keeps,
 * so a struggling container leaves its Services well before it is restarted, and the two probes a fix
 * writes are never identical.
 */
export const LIVENESS_FAILURE_THRESHOLD = 6;

export interface DeclaredPort {
  name?: string;
  number?: number;
  /** As written, upper-cased; TCP when absent (the Kubernetes default). */
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

/** The declared ports a probe's port refers to (by number, or by name), whatever their protocol. */
export function portsMatching(port: ProbePort, ports: readonly DeclaredPort[]): DeclaredPort[] {
  return ports.filter((declared) =>
    port.number !== undefined ? declared.number === port.number : declared.name === port.name,
  );
}

/**
 * True when the container declares the probe's port as a TCP port: httpGet, tcpSocket and grpc probes all
 * connect over TCP, so a port declared only as UDP or SCTP does not serve them.
 */
export function portIsDeclared(port: ProbePort, ports: readonly DeclaredPort[]): boolean {
  return portsMatching(port, ports).some((declared) => declared.protocol === 'TCP');
}

/** The first TCP port the container declares (by name when it has one), which the probe fixes target. */
export function firstTcpPort(container: YAMLMap): string | number | undefined {
  const port = declaredPorts(container).find(
    (declared) =>
      declared.protocol === 'TCP' && (declared.name !== undefined || declared.number !== undefined),
  );
  return port ? (port.name ?? port.number) : undefined;
}

/**
 * The probe a fix adds: a TCP check on the first TCP port the container declares. Liveness and readiness
 * differ: the liveness probe tolerates twice as many failures (`failureThreshold: 6`), so a container
 * that cannot serve is taken out of its Services before it is restarted, and the two are never identical.
 */
export function suggestedProbe(context: ContainerContext, key: ProbeKey): FixValue | undefined {
  const { probeInitialDelaySeconds, probePeriodSeconds } = context.settings.fixDefaults;
  const port = firstTcpPort(context.container.node);
  if (port === undefined) return undefined;
  const probe: Record<string, FixValue> = {
    tcpSocket: { port },
    initialDelaySeconds: probeInitialDelaySeconds,
    periodSeconds: probePeriodSeconds,
  };
  if (key === 'livenessProbe') probe.failureThreshold = LIVENESS_FAILURE_THRESHOLD;
  return probe;
}

/** What the check of a placeholder probe must find out, in its own words. */
const PLACEHOLDER_CHECK: Record<ProbeKey, string> = {
  livenessProbe: 'a command that fails when the process is stuck',
  readinessProbe: 'a command that fails while the container cannot serve',
  startupProbe: 'a command that fails until the application has started',
};

/**
 * The draft written when the container declares no port: the key with comment lines only, so the probe
 * stays null (absent to Kubernetes, and still a finding) until a person writes the check the comments
 * sketch. Nothing in it passes the check without checking something.
 */
export function placeholderProbe(context: ContainerContext, key: ProbeKey): Record<string, Comment> {
  const { probeInitialDelaySeconds, probePeriodSeconds } = context.settings.fixDefaults;
  const lines = [
    `kube-maturity: draft ${key}. The container declares no port to probe: write the check and uncomment it.`,
    'exec:',
    `  command: [<${PLACEHOLDER_CHECK[key]}>]`,
    `initialDelaySeconds: ${probeInitialDelaySeconds}`,
    `periodSeconds: ${probePeriodSeconds}`,
  ];
  if (key === 'livenessProbe') lines.push(`failureThreshold: ${LIVENESS_FAILURE_THRESHOLD}`);
  return Object.fromEntries(lines.map((line, index) => [`line${index}`, new Comment(line)]));
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

const OTHER_PROBE: Partial<Record<ProbeKey, ProbeKey>> = {
  livenessProbe: 'readinessProbe',
  readinessProbe: 'livenessProbe',
};

/**
 * Adds the missing probe. With a TCP port: a tcpSocket probe on it (review). Without one: a commented
 * placeholder (draft) that leaves the finding in place, written only where comments can be (YAML block
 * style); elsewhere the fix is withheld with the reason.
 */
export function fixMissingProbe(context: ContainerContext, fixer: Fixer, key: ProbeKey): void {
  const container = context.container.node;
  const pair = getPair(container, key);
  if (pair && !isNullish(pair.value)) {
    fixer.fail(`not offered: the ${key} is there but checks nothing; choose its handler by hand`);
    return;
  }
  const probe = suggestedProbe(context, key);
  if (probe) {
    const other = OTHER_PROBE[key];
    const existing = other ? asMap(get(container, other)) : undefined;
    if (other && existing && isDeepStrictEqual(safePlain(existing), probe)) {
      fixer.fail(
        `not offered: the ${key} it would add is identical to the ${other}; write one that checks what the ${key} is for`,
      );
      return;
    }
    const port = firstTcpPort(container);
    fixer.set(container, [key], probe).describe(`Add a ${key}: tcpSocket on port ${port}`);
    return;
  }
  const noPort = `the container declares no TCP port to probe`;
  if (fixer.file.json) {
    fixer.fail(
      `not offered: ${noPort}, and a JSON file cannot hold the commented placeholder; write the ${key} by hand`,
    );
    return;
  }
  if (container.flow) {
    fixer.fail(
      `not offered: ${noPort}, and a flow-style container cannot hold the commented placeholder; write the ${key} by hand`,
    );
    return;
  }
  if (pair) {
    // A null probe: already a placeholder (ours or the author's); only a person can fill it.
    fixer.fail(
      `not offered: ${noPort}; write the ${key} check by hand (an exec command, or httpGet, tcpSocket or grpc on a port the container serves)`,
    );
    return;
  }
  fixer
    .set(container, [key], placeholderProbe(context, key))
    .describe(`Add a commented ${key} placeholder to fill in (${noPort})`)
    .draft();
}

function safePlain(node: unknown): unknown {
  try {
    return toPlain(node);
  } catch {
    return undefined;
  }
}
