import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allControls } from '../server/src/controls';
import { defaultSettings } from '../server/src/engine/config';
import { checkWorkspace } from '../server/src/engine/workspace';
import { PROJECT_ROOT } from './support/paths';

interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}

/** A snippet's text with every placeholder at its default, as a user who tabs through it gets. */
function expand(body: string[]): string {
  return `${body.join('\n')}\n`
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\n+$/, '\n');
}

describe('snippets', () => {
  const snippets = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'snippets/kubernetes.code-snippets'), 'utf8'),
  ) as Record<string, Snippet>;
  const kinds = [
    'Deployment',
    'StatefulSet',
    'CronJob',
    'Service',
    'Ingress',
    'PodDisruptionBudget',
    'HorizontalPodAutoscaler',
    'NetworkPolicy',
    'ServiceAccount',
  ];

  it('cover the workload and companion kinds', () => {
    const covered = Object.values(snippets).map((snippet) => /^kind: (\w+)$/m.exec(expand(snippet.body))![1]);
    assert.deepEqual(covered.sort(), [...kinds].sort());
    for (const snippet of Object.values(snippets))
      assert.ok(snippet.prefix[0].startsWith('k8s-') && snippet.description.length > 20);
  });

  it('with their placeholders filled in, produce no finding of stages 2 to 5', () => {
    const sources = Object.entries(snippets).map(([name, snippet]) => ({
      path: `${name}.yaml`,
      text: expand(snippet.body),
    }));
    const result = checkWorkspace(sources, { settings: defaultSettings(), controls: allControls });
    assert.equal(result.analysis.problems.length, 0, JSON.stringify(result.analysis.problems));
    assert.equal(result.analysis.objects.length, 10);
    const early = result.analysis.findings.filter(
      (finding) => finding.stage >= 2 && finding.stage <= 5 && !finding.exempt,
    );
    assert.deepEqual(
      early.map((finding) => `${finding.file}: ${finding.control}: ${finding.message}`),
      [],
    );
    assert.ok(result.verdict.stage !== null && result.verdict.stage >= 5, `stage ${result.verdict.stage}`);
  });
});
