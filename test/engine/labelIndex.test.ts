/**
 * The index finds Services and pod templates through their labels (issue 14: hundreds of Services and
 * workloads in one namespace made every lookup a scan of the namespace). What it finds must be what
 * trying every object of the namespace finds, in the same order, and a check must still depend on the
 * namespace's Services and templates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractObjects, type KubeObject } from '../../server/src/engine/model';
import { mapSelectorMatches, ObjectIndex } from '../../server/src/engine/objectIndex';
import { parseFile } from '../../server/src/engine/parse';

/** A small deterministic generator (the same workspace on every run). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function labelsText(labels: Record<string, string>, indent: string): string {
  const pairs = Object.entries(labels);
  return pairs.length === 0 ? ' {}' : pairs.map(([key, value]) => `\n${indent}${key}: ${value}`).join('');
}

function workspace(seed: number): KubeObject[] {
  const next = sequence(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
  const labelSet = () => {
    const labels: Record<string, string> = {};
    for (const key of ['app', 'tier', 'app.kubernetes.io/name', 'team'])
      if (next() < 0.6) labels[key] = pick(['web', 'api', 'db', 'cache']);
    return labels;
  };
  const documents: string[] = [];
  for (let index = 0; index < 120; index++) {
    const namespace = pick(['shop', 'bank']);
    if (next() < 0.5) {
      const group = next() < 0.1 ? 'serving.knative.dev/v1' : 'v1';
      documents.push(
        `apiVersion: ${group}\nkind: Service\nmetadata:\n  name: s${index}\n  namespace: ${namespace}\nspec:\n  selector:${labelsText(labelSet(), '    ')}\n  ports:\n    - port: 80\n`,
      );
    } else {
      const labels = labelSet();
      const spec =
        next() < 0.2 ? '' : `\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27`;
      documents.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${index}\n  namespace: ${namespace}\nspec:\n  template:\n    metadata:\n      labels:${labelsText(labels, '        ')}${spec}\n`,
      );
    }
  }
  return extractObjects(parseFile('all.yaml', documents.join('---\n')));
}

function selectorOf(service: KubeObject): Record<string, string> {
  const spec = (service.node as { get(key: string): unknown }).get('spec') as {
    toJSON(): { selector?: Record<string, string> | null };
  };
  return spec.toJSON().selector ?? {};
}

describe('label lookups of the object index', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`finds what a scan of the namespace finds, in its order (workspace ${seed})`, () => {
      const objects = workspace(seed);
      const index = ObjectIndex.of(objects);
      let compared = 0;
      for (const namespace of ['shop', 'bank']) {
        const services = index.inNamespace('Service', namespace);
        const templates = index.podTemplates(namespace);
        for (const workload of templates) {
          const labels = workload.podTemplate?.labels ?? {};
          const scanned = services.filter(
            (service) => service.group === '' && mapSelectorMatches(selectorOf(service), labels),
          );
          assert.deepEqual(
            index.servicesSelecting(workload).map((service) => service.name),
            scanned.map((service) => service.name),
          );
          compared += scanned.length;
        }
        for (const service of services) {
          const selector = selectorOf(service);
          const scanned = templates.filter((template) =>
            mapSelectorMatches(selector, template.podTemplate?.labels ?? {}),
          );
          assert.deepEqual(
            index.podTemplatesSelectedBy(selector, namespace).map((template) => template.name),
            scanned.map((template) => template.name),
          );
          compared += scanned.length;
        }
        assert.deepEqual(index.podTemplatesSelectedBy({}, namespace), []);
      }
      assert.ok(compared > 20, `${compared} matches compared`);
    });
  }

  it('a lookup through the labels still depends on the namespace it searched', () => {
    const objects = workspace(1);
    const reads = new Set<string>();
    const view = ObjectIndex.of(objects).recordingInto(reads);
    const workload = objects.find((object) => object.podTemplate && object.namespace === 'shop')!;
    view.servicesSelecting(workload);
    view.podTemplatesSelectedBy({ app: 'web' }, 'bank');
    assert.deepEqual([...reads].sort(), ['Service|shop', 'template|bank']);
  });
});
