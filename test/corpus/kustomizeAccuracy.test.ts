/**
 * The Kustomize mapping on every Kustomize root of the corpus (a kustomization no other one uses, not a
 * Component), against an instrumented build with the real Kustomize 5.6 and 5.7: at least 98% of the
 * findings and of the built fields on the line that wrote them, no finding on a file's first line.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { it } from 'node:test';
import { parseDocument } from 'yaml';
import { kustomizeAccuracy } from '../support/kustomizeAccuracy';
import { CORPUS } from '../support/paths';
import { describeWithRenderTools } from '../support/renderTools';

const LIMITS = { timeoutMs: 120_000, maxOutputBytes: 64 * 1024 * 1024 };
const NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

function kustomizationFiles(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      kustomizationFiles(join(folder, entry.name), found);
    else if (NAMES.has(entry.name)) found.push(join(folder, entry.name));
  }
  return found;
}

function kustomizeRoots(): string[] {
  const folders = new Map<string, Record<string, unknown>>();
  for (const file of kustomizationFiles(CORPUS))
    folders.set(
      dirname(file),
      (parseDocument(readFileSync(file, 'utf8')).toJS() ?? {}) as Record<string, unknown>,
    );
  const used = new Set<string>();
  for (const [folder, kustomization] of folders)
    for (const key of ['resources', 'bases', 'components']) {
      const entries = kustomization[key];
      if (Array.isArray(entries))
        for (const entry of entries) if (typeof entry === 'string') used.add(resolve(folder, entry));
    }
  return [...folders]
    .filter(([folder, kustomization]) => !used.has(folder) && kustomization.kind !== 'Component')
    .map(([folder]) => folder)
    .sort();
}

describeWithRenderTools('the Kustomize mapping on the corpus roots (instrumented build)', (tools) => {
  it(`${tools.name}: every root, at least 98% of findings and fields exact, none on a first line`, {
    timeout: 600_000,
  }, async () => {
    const roots = kustomizeRoots();
    let measured = 0;
    for (const root of roots) {
      const name = relative(CORPUS, root);
      const accuracy = await kustomizeAccuracy({ binary: tools.kubectl, flavour: 'kubectl' }, root, LIMITS);
      if ('notBuilt' in accuracy) {
        console.log(`kustomize mapping (${tools.name}, ${name}): not built: ${accuracy.notBuilt}`);
        assert.ok(accuracy.notBuilt, `${name}: not built, and no reason`);
        continue;
      }
      measured++;
      const { findings, keys } = accuracy;
      const share = (tally: { exact: number; measured: number }) => tally.exact / tally.measured;
      console.log(
        `kustomize mapping (${tools.name}, ${name}): ${findings.exact} of ${findings.measured} findings exact (${(share(findings) * 100).toFixed(1)}%, ${findings.unknown.length} not known), ${keys.exact} of ${keys.measured} keys (${(share(keys) * 100).toFixed(1)}%)${[...findings.misses, ...keys.misses].map((miss) => `\n  miss: ${miss}`).join('')}`,
      );
      assert.ok(findings.measured > 10, `${name}: ${findings.measured} findings`);
      assert.ok(share(findings) >= 0.98, `${name}: findings\n${findings.misses.slice(0, 10).join('\n')}`);
      assert.ok(share(keys) >= 0.98, `${name}: keys\n${keys.misses.slice(0, 10).join('\n')}`);
      assert.deepEqual(accuracy.onFirstLine, [], name);
    }
    assert.ok(measured >= 8, `${measured} roots measured of ${roots.length}`);
  });
});
