import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { parseFile } from '../../server/src/engine/parse';

const workload = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: c
          image: nginx:1.27
`;

function summary(result: AnalysisResult): string[] {
  return result.findings.map(
    (finding) =>
      `${finding.file}:${finding.range?.start.line}:${finding.range?.start.character} ${finding.control} ${finding.message}`,
  );
}

describe('results do not depend on the order files arrived in', () => {
  it('namespace findings, name lists and report order are those of a fresh analysis, whatever the history', () => {
    const texts: Record<string, string> = {
      'a/cart.yaml': workload('cart'),
      'b/api.yaml': workload('api'),
      'c/web.yaml': workload('web'),
    };
    const fresh = new Analyzer(defaultSettings(), allControls, { incremental: false });
    for (const path of Object.keys(texts).sort()) fresh.setFile(parseFile(path, texts[path]));
    const expected = summary(fresh.run());
    assert.ok(
      expected.some((line) => line.startsWith('a/cart.yaml') && line.includes('namespace-without-quota')),
    );

    // An editor's history: files arrive in another order, one is removed and comes back, one is edited.
    const edited = new Analyzer(defaultSettings(), allControls);
    for (const path of ['c/web.yaml', 'b/api.yaml', 'a/cart.yaml'])
      edited.setFile(parseFile(path, texts[path]));
    edited.run();
    edited.removeFile('a/cart.yaml');
    edited.run();
    edited.setFile(parseFile('a/cart.yaml', texts['a/cart.yaml']));
    edited.run();
    edited.setFile(parseFile('b/api.yaml', `${texts['b/api.yaml']}# edited\n`));
    edited.run();
    edited.setFile(parseFile('b/api.yaml', texts['b/api.yaml']));
    assert.deepEqual(summary(edited.run()), expected);
  });
});
