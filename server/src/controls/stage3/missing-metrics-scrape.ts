import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import { isLongRunning, type KubeObject } from '../../engine/model';
import { bool, get, items, mapItems, str, text } from '../../engine/nodes';
import { readLabelSelector, selectorMatches } from '../../engine/objectIndex';

const SCRAPE = 'prometheus.io/scrape';
const PORT = 'prometheus.io/port';
const MONITORING_GROUP = 'monitoring.coreos.com';

/** Namespaces a ServiceMonitor or PodMonitor looks in: namespaceSelector.any, matchNames, or its own. */
function watchesNamespace(monitor: KubeObject, namespace: string): boolean {
  const namespaceSelector = get(get(monitor.node, 'spec'), 'namespaceSelector');
  if (bool(get(namespaceSelector, 'any')) === true) return true;
  const names = items(get(namespaceSelector, 'matchNames'))
    .map((name) => str(name))
    .filter((name): name is string => name !== undefined);
  return names.length > 0 ? names.includes(namespace) : monitor.namespace === namespace;
}

function monitorSelects(monitor: KubeObject, namespace: string, labels: Record<string, string>): boolean {
  if (!watchesNamespace(monitor, namespace)) return false;
  const selector = readLabelSelector(get(get(monitor.node, 'spec'), 'selector'));
  return selector !== undefined && selectorMatches(selector, labels);
}

function monitors(objects: readonly KubeObject[]): KubeObject[] {
  return objects.filter((object) => object.group === MONITORING_GROUP);
}

export default defineControl({
  meta: {
    id: 'missing-metrics-scrape',
    stage: 3,
    category: 'operations',
    severity: 'info',
    title: 'Served workload is not scraped for metrics',
    description:
      'A workload that serves traffic but is not scraped by Prometheus leaves no record of its request rate, errors or latency: problems are found by users instead of alerts, and autoscaling or capacity decisions have no data.',
    remediation:
      'Declare how the workload is scraped: prometheus.io/scrape and prometheus.io/port annotations on the pod template or its Service, or a ServiceMonitor or PodMonitor selecting it. The fix adds prometheus.io/scrape: "true" and prometheus.io/port (the first TCP container port) to the pod template annotations; check that the port serves /metrics.',
    peers: {},
    fix: 'review',
    fixEffect:
      'Prometheus starts scraping the pods on the annotated port; the pods roll out again since the template changes.',
    scope: 'podSpec',
  },
  check(context) {
    const { object, podSpec, index } = context;
    if (!isLongRunning(object)) return NOT_APPLICABLE;
    const services = index.servicesSelecting(object);
    if (services.length === 0) return NOT_APPLICABLE;
    if (SCRAPE in podSpec.templateAnnotations) return;
    if (services.some((service) => SCRAPE in service.annotations)) return;
    const serviceMonitors = monitors(index.ofKind('ServiceMonitor'));
    const podMonitors = monitors(index.ofKind('PodMonitor'));
    if (
      serviceMonitors.some((monitor) =>
        services.some((service) => monitorSelects(monitor, service.namespace, service.labels)),
      ) ||
      podMonitors.some((monitor) => monitorSelects(monitor, object.namespace, podSpec.templateLabels))
    ) {
      return;
    }
    const serviceNames = services.map((service) => `"${service.name}"`).join(', ');
    const noMonitor =
      serviceMonitors.length + podMonitors.length === 0
        ? 'no ServiceMonitor or PodMonitor in this workspace'
        : 'no ServiceMonitor or PodMonitor selects it';
    context.report({
      message: `no ${SCRAPE} annotation on the pod template or Service ${serviceNames}, and ${noMonitor}`,
    });
  },
  fix(context, fixer) {
    const { podSpec } = context;
    let port: string | undefined;
    for (const container of podSpec.containers) {
      for (const entry of mapItems(get(container.node, 'ports'))) {
        // Prometheus scrapes over TCP: a UDP or SCTP port (DNS on 53/UDP) is never the one to annotate.
        const protocol = (str(get(entry, 'protocol')) ?? 'TCP').toUpperCase();
        if (protocol === 'TCP') port ??= text(get(entry, 'containerPort'));
      }
    }
    fixer.set(podSpec.templateNode, ['metadata', 'annotations', SCRAPE], 'true');
    if (port !== undefined && !(PORT in podSpec.templateAnnotations))
      fixer.set(podSpec.templateNode, ['metadata', 'annotations', PORT], port);
  },
});
