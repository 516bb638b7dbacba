import { defineControl, NOT_APPLICABLE, type Span, spanOfKey } from '../../engine/control';
import { asMap, get, mapItems, str } from '../../engine/nodes';

interface ServiceBackend {
  name: string;
  at: Span | undefined;
}

/**
 * The Service a backend names: networking.k8s.io/v1 `service.name`, or the older `serviceName` of
 * extensions/v1beta1 and networking.k8s.io/v1beta1. Resource backends name no Service.
 */
function serviceBackend(backend: unknown): ServiceBackend | undefined {
  const map = asMap(backend);
  if (!map) return undefined;
  const service = asMap(get(map, 'service'));
  const v1Name = str(get(service, 'name'));
  if (v1Name) return { name: v1Name, at: spanOfKey(service, 'name') };
  const legacyName = str(get(map, 'serviceName'));
  if (legacyName) return { name: legacyName, at: spanOfKey(map, 'serviceName') };
  return undefined;
}

export default defineControl({
  meta: {
    id: 'ingress-targets-missing-service',
    stage: 3,
    category: 'reliability',
    severity: 'warning',
    title: 'Ingress routes to a Service that does not exist',
    description:
      'An Ingress backend that names a Service absent from its namespace answers with 503 errors on that route; it usually comes from a renamed Service or an Ingress applied to the wrong namespace.',
    remediation:
      'Point the backend at an existing Service of the same namespace (backend.service.name, or serviceName in the v1beta1 API), or add the missing Service. There is no automatic fix.',
    peers: { kubeLinter: ['dangling-ingress'], kubeScore: ['ingress-targets-service'] },
    fix: 'none',
    scope: 'object',
    kinds: ['Ingress'],
  },
  check(context) {
    const { object, index } = context;
    const spec = asMap(get(object.node, 'spec'));
    const backends: ServiceBackend[] = [];
    const add = (backend: ServiceBackend | undefined) => {
      if (backend) backends.push(backend);
    };
    add(serviceBackend(get(spec, 'defaultBackend')));
    add(serviceBackend(get(spec, 'backend')));
    for (const rule of mapItems(get(spec, 'rules'))) {
      for (const path of mapItems(get(get(rule, 'http'), 'paths'))) add(serviceBackend(get(path, 'backend')));
    }
    if (backends.length === 0) return NOT_APPLICABLE;

    const present = new Set(index.inNamespace('Service', object.namespace).map((service) => service.name));
    const where =
      index.ofKind('Service').length === 0
        ? 'in this workspace'
        : `in namespace "${object.namespace || '(none)'}"`;
    for (const backend of backends) {
      if (present.has(backend.name)) continue;
      context.report({ message: `no Service "${backend.name}" ${where}`, at: backend.at });
    }
  },
});
