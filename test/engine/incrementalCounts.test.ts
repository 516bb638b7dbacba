import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allControls } from '../../server/src/controls';
import { type AnalysisResult, Analyzer, analyze } from '../../server/src/engine/analyze';
import { defaultSettings } from '../../server/src/engine/config';
import { parseFile } from '../../server/src/engine/parse';
import { deploymentIn as deployment } from '../support/manifests';

/**
 * A check that only asked how many objects of a kind there are (`ofKind(kind).length`) depends on that
 * count, not on the objects: editing one of them re-runs it no more, adding or removing one does.
 */

const pdb = (name: string, namespace: string, maxUnavailable = 1) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  maxUnavailable: ${maxUnavailable}
  selector:
    matchLabels: {app: ${name}}
`;

function comparable(result: AnalysisResult) {
  return {
    findings: result.findings.map((f) => ({ ...f, fix: f.fix })),
    tallies: result.tallies,
    problems: result.problems,
  };
}

describe('Analyzer (incremental): checks that read how many objects there are', () => {
  it('re-run when the count changes, not when one of the counted objects is edited', () => {
    const files = new Map<string, string>();
    // Namespace a: ten workloads without a budget (missing-pdb fails there, naming the namespace or the
    // workspace depending on whether any budget exists at all); namespace b: one workload with its budget.
    for (let i = 0; i < 10; i++) files.set(`a/web-${i}.yaml`, deployment(`web-${i}`, 'a'));
    files.set('b/api.yaml', deployment('api', 'b'));
    files.set('b/api-pdb.yaml', pdb('api', 'b'));
    const analyzer = new Analyzer(defaultSettings(), allControls);
    for (const [path, text] of files) analyzer.setFile(parseFile(path, text));
    analyzer.run();
    const fresh = () =>
      analyze(
        [...files].map(([path, text]) => parseFile(path, text)),
        defaultSettings(),
        allControls,
      );
    const missingPdb = (result: AnalysisResult) =>
      result.findings.filter((f) => f.control === 'missing-pdb').map((f) => `${f.file}: ${f.message}`);

    // An edit of the budget: namespace "a" read only that budgets exist, which is still true.
    files.set('b/api-pdb.yaml', pdb('api', 'b', 2));
    analyzer.setFile(parseFile('b/api-pdb.yaml', files.get('b/api-pdb.yaml')!));
    let result = analyzer.run();
    assert.deepEqual(comparable(result), comparable(fresh()));
    const editChecks = analyzer.lastRunChecks;
    assert.ok(editChecks < 20, `${editChecks} checks re-run for an edit of a budget`);
    assert.ok(missingPdb(result).every((line) => line.includes('in namespace "a"')));

    // The last budget removed: the count changed, the ten checks of namespace "a" say so.
    files.delete('b/api-pdb.yaml');
    analyzer.removeFile('b/api-pdb.yaml');
    result = analyzer.run();
    assert.deepEqual(comparable(result), comparable(fresh()));
    assert.equal(missingPdb(result).filter((line) => line.includes('in this workspace')).length, 11);
    assert.ok(analyzer.lastRunChecks > editChecks);

    // And back.
    files.set('b/api-pdb.yaml', pdb('api', 'b'));
    analyzer.setFile(parseFile('b/api-pdb.yaml', files.get('b/api-pdb.yaml')!));
    result = analyzer.run();
    assert.deepEqual(comparable(result), comparable(fresh()));
    assert.ok(missingPdb(result).every((line) => line.includes('in namespace "a"')));
  });

  it('keeps the tallies of checks it settled (passed, reading nothing) when their object goes', () => {
    const analyzer = new Analyzer(defaultSettings(), allControls);
    analyzer.setFile(parseFile('one.yaml', deployment('one', 'a')));
    analyzer.setFile(parseFile('two.yaml', deployment('two', 'a')));
    analyzer.run();
    analyzer.removeFile('two.yaml');
    analyzer.setFile(parseFile('one.yaml', deployment('one', 'a').replace('replicas: 2', 'replicas: 3')));
    const result = analyzer.run();
    const expected = analyze(
      [parseFile('one.yaml', deployment('one', 'a').replace('replicas: 2', 'replicas: 3'))],
      defaultSettings(),
      allControls,
    );
    assert.deepEqual(comparable(result), comparable(expected));
  });
});
