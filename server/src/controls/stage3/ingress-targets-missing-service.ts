import type { YAMLMap } from 'yaml';
import { defineControl, NOT_APPLICABLE, type Span, spanOfKey } from '../../engine/control';
import type { KubeObject } from '../../engine/model';
import { asMap, get, getPair, mapItems, num, str, text } from '../../engine/nodes';

/** The versions whose backends are `serviceName`/`servicePort` and whose default backend is `spec.backend`. */
function isV1beta1(object: KubeObject): boolean {
  return object.group === 'extensions' || object.apiVersion === 'networking.k8s.io/v1beta1';
}

/** A port a backend names: a number (against `ports[].port`) or a name (against `ports[].name`). */
type PortRef = { number: number; at: Span | undefined } | { name: string; at: Span | undefined };

/** What one backend targets, as its API version reads it. */
type Target =
  | { kind: 'service'; name: string; at: Span | undefined; port?: PortRef }
  | { kind: 'resource' }
  /** Neither a Service nor a resource for this version; `otherFields`: the other version's fields it holds. */
  | { kind: 'nothing'; at: Span | undefined; otherFields: string[] };

/** networking.k8s.io/v1: `service.name` with `service.port.number` or `.name`, or `resource`. */
function readV1(backend: YAMLMap, at: Span | undefined): Target {
  const service = asMap(get(backend, 'service'));
  const name = str(get(service, 'name'));
  if (service && name) {
    const port = asMap(get(service, 'port'));
    const number = num(get(port, 'number'));
    const portName = str(get(port, 'name'));
    const ref: PortRef | undefined =
      number !== undefined
        ? { number, at: spanOfKey(port, 'number') }
        : portName
          ? { name: portName, at: spanOfKey(port, 'name') }
          : undefined;
    return { kind: 'service', name, at: spanOfKey(service, 'name'), port: ref };
  }
  if (asMap(get(backend, 'resource'))) return { kind: 'resource' };
  const otherFields = ['serviceName', 'servicePort'].filter((key) => getPair(backend, key));
  return { kind: 'nothing', at, otherFields };
}

/** extensions/v1beta1 and networking.k8s.io/v1beta1: `serviceName` and `servicePort` (number or name), or `resource`. */
function readV1beta1(backend: YAMLMap, at: Span | undefined): Target {
  const name = str(get(backend, 'serviceName'));
  if (name) {
    const portNode = get(backend, 'servicePort');
    const portAt = spanOfKey(backend, 'servicePort');
    const number = num(portNode);
    const portText = text(portNode);
    const ref: PortRef | undefined =
      number !== undefined
        ? { number, at: portAt }
        : portText && /^\d+$/.test(portText)
          ? { number: Number(portText), at: portAt }
          : portText
            ? { name: portText, at: portAt }
            : undefined;
    return { kind: 'service', name, at: spanOfKey(backend, 'serviceName'), port: ref };
  }
  if (asMap(get(backend, 'resource'))) return { kind: 'resource' };
  const otherFields = getPair(backend, 'service') ? ['service'] : [];
  return { kind: 'nothing', at, otherFields };
}

/** Every backend of the Ingress with where it is written: the default backend, then each rule path's. */
function targets(object: KubeObject): Target[] {
  const spec = asMap(get(object.node, 'spec'));
  const legacy = isV1beta1(object);
  const read = legacy ? readV1beta1 : readV1;
  const result: Target[] = [];
  const add = (parent: YAMLMap | undefined, key: string) => {
    const backend = asMap(get(parent, key));
    if (backend) result.push(read(backend, spanOfKey(parent, key)));
  };
  add(spec, legacy ? 'backend' : 'defaultBackend');
  for (const rule of mapItems(get(spec, 'rules'))) {
    for (const path of mapItems(get(get(rule, 'http'), 'paths'))) add(path, 'backend');
  }
  return result;
}

/** The ports a Service declares, for matching and for the message. */
function servicePorts(service: KubeObject): Array<{ port?: number; name?: string }> {
  return mapItems(get(get(service.node, 'spec'), 'ports')).map((port) => ({
    port: num(get(port, 'port')),
    name: str(get(port, 'name')),
  }));
}

function describePorts(ports: Array<{ port?: number; name?: string }>): string {
  if (ports.length === 0) return 'it declares no ports';
  const listed = ports
    .map((port) => (port.name ? `${port.port ?? '?'} (${port.name})` : `${port.port ?? '?'}`))
    .join(', ');
  return `it declares ${listed}`;
}

export default defineControl({
  meta: {
    id: 'ingress-targets-missing-service',
    stage: 3,
    category: 'reliability',
    severity: 'warning',
    title: 'Ingress routes to a Service or port that does not exist',
    description:
      'An Ingress backend that names a Service absent from its namespace, or a port that Service does not declare, answers with 503 errors on that route; it usually comes from a renamed Service or port, or an Ingress applied to the wrong namespace. A networking.k8s.io/v1 backend written with the v1beta1 fields (serviceName, servicePort) targets nothing at all: v1 reads only service and resource.',
    remediation:
      'Point the backend at an existing Service of the same namespace and at one of its ports: in networking.k8s.io/v1 by backend.service.name and service.port.number (matched against the Service ports[].port) or service.port.name (against ports[].name); in the v1beta1 APIs by serviceName and servicePort. Rewrite v1beta1-style backends of a v1 Ingress with service.name and service.port. There is no automatic fix.',
    peers: { kubeLinter: ['dangling-ingress'], kubeScore: ['ingress-targets-service'] },
    fix: 'none',
    scope: 'object',
    kinds: ['Ingress'],
  },
  check(context) {
    const { object, index } = context;
    const backends = targets(object);
    if (backends.length === 0) return NOT_APPLICABLE;

    const services = index.inNamespace('Service', object.namespace).filter((service) => service.group === '');
    const where =
      index.count('Service') === 0
        ? 'in this workspace'
        : object.namespace
          ? `in namespace "${object.namespace}"`
          : 'in the unnamed namespace';
    const version = isV1beta1(object) ? object.apiVersion : 'networking.k8s.io/v1';
    for (const backend of backends) {
      if (backend.kind === 'resource') continue;
      if (backend.kind === 'nothing') {
        const fields = isV1beta1(object) ? 'serviceName nor resource' : 'service nor resource';
        const other =
          backend.otherFields.length === 0
            ? ''
            : isV1beta1(object)
              ? `; service is a networking.k8s.io/v1 field, which ${version} ignores`
              : '; serviceName and servicePort are v1beta1 fields, which networking.k8s.io/v1 ignores';
        context.report({ message: `the backend has neither ${fields}${other}`, at: backend.at });
        continue;
      }
      const service = services.find((candidate) => candidate.name === backend.name);
      if (!service) {
        context.report({ message: `no Service "${backend.name}" ${where}`, at: backend.at });
        continue;
      }
      const port = backend.port;
      if (!port) continue;
      const ports = servicePorts(service);
      // An ExternalName Service without ports forwards whatever port is asked of it.
      if (ports.length === 0 && str(get(get(service.node, 'spec'), 'type')) === 'ExternalName') continue;
      if ('number' in port) {
        if (ports.some((candidate) => candidate.port === port.number)) continue;
        context.report({
          message: `Service "${backend.name}" has no port ${port.number}; ${describePorts(ports)}`,
          at: port.at,
        });
      } else {
        if (ports.some((candidate) => candidate.name === port.name)) continue;
        context.report({
          message: `Service "${backend.name}" has no port named "${port.name}"; ${describePorts(ports)}`,
          at: port.at,
        });
      }
    }
  },
});
