import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { extractObjects, isUnknownCustomResource } from '../../server/src/engine/model';
import { ObjectIndex } from '../../server/src/engine/objectIndex';
import { parseFile } from '../../server/src/engine/parse';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
      targetPort: http
`;

/** A Deployment being written: its template has labels, no spec yet. */
const DRAFT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
`;

function objectsOf(text: string) {
  return extractObjects(parseFile('objects.yaml', text));
}

describe('pod templates for label matching', () => {
  it('a template with labels and no spec yet has its labels, and no pod spec', () => {
    const [draft] = objectsOf(DRAFT);
    assert.deepEqual(draft.podTemplate?.labels, { app: 'web' });
    assert.equal(draft.podSpec, undefined);
    const index = ObjectIndex.of([draft]);
    assert.deepEqual(index.workloads(), []);
    assert.deepEqual(index.podTemplates('shop'), [draft]);
  });

  it('a Service selects it; the pod-spec and container controls do not run on the missing spec', () => {
    const result = analyze(
      [parseFile('service.yaml', SERVICE), parseFile('deployment.yaml', DRAFT)],
      defaultSettings(),
      allControls,
    );
    assert.equal(result.controlFailures.length, 0);
    const controls = new Set(result.findings.map((finding) => finding.control));
    assert.ok(!controls.has('service-selects-nothing'), 'the Service selects the draft');
    for (const id of ['missing-cpu-request', 'run-as-root', 'missing-liveness-probe', 'host-network'])
      assert.ok(!controls.has(id), `${id} ran on a missing spec`);
    const podSpecTally = result.tallies.find((tally) => tally.control === 'host-network')!;
    assert.equal(podSpecTally.passed + podSpecTally.failed, 0);
  });

  it('operator resources carry the labels their operator puts on the pods, and have no pod spec', () => {
    const objects = objectsOf(`apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: monitoring
spec:
  podMetadata:
    labels: {app.kubernetes.io/part-of: kube-prometheus, prometheus: not-this}
---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata:
  name: main
  namespace: monitoring
---
apiVersion: monitoring.coreos.com/v1
kind: ThanosRuler
metadata:
  name: rules
  namespace: monitoring
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata:
  name: worker
spec:
  jobTargetRef:
    template:
      metadata:
        labels: {role: worker}
      spec:
        containers:
          - name: worker
            image: worker:1.0
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
spec:
  template:
    metadata:
      labels: {tier: edge}
    spec:
      containers:
        - image: hello:1.0
`);
    const [prometheus, alertmanager, ruler, scaledJob, knative] = objects;
    assert.deepEqual(prometheus.podTemplate?.labels, {
      'app.kubernetes.io/part-of': 'kube-prometheus',
      prometheus: 'k8s',
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/instance': 'k8s',
      'operator.prometheus.io/name': 'k8s',
      'operator.prometheus.io/shard': '0',
    });
    assert.deepEqual(alertmanager.podTemplate?.labels, {
      'app.kubernetes.io/name': 'alertmanager',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/instance': 'main',
      alertmanager: 'main',
    });
    assert.equal(ruler.podTemplate?.labels['thanos-ruler'], 'rules');
    assert.equal(ruler.podTemplate?.labels['app.kubernetes.io/name'], 'thanos-ruler');
    assert.deepEqual(scaledJob.podTemplate?.labels, { role: 'worker', 'scaledjob.keda.sh/name': 'worker' });
    assert.equal(scaledJob.podTemplate?.path, 'spec.jobTargetRef.template');
    assert.deepEqual(knative.podTemplate?.labels, {
      tier: 'edge',
      'serving.knative.dev/service': 'hello',
      'serving.knative.dev/configuration': 'hello',
    });
    for (const object of objects) {
      assert.equal(object.podSpec, undefined, object.kind);
      assert.ok(object.podTemplate?.operator, object.kind);
      assert.equal(isUnknownCustomResource(object), false, object.kind);
    }
  });

  it('a resource of the same kind in another API group is not an operator resource', () => {
    const [other] = objectsOf('apiVersion: example.com/v1\nkind: Prometheus\nmetadata:\n  name: k8s\n');
    assert.equal(other.podTemplate, undefined);
    assert.equal(isUnknownCustomResource(other), true);
  });

  it('custom resources known to create no pods, and built-in kinds, are not unknown', () => {
    const objects = objectsOf(`apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: a}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: b}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: c}
---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: d}
`);
    assert.deepEqual(
      objects.map((object) => isUnknownCustomResource(object)),
      [false, false, false, true],
    );
  });
});
