import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GlobError, globMatcher } from '../../server/src/glob';

const matches = (glob: string, path: string) => globMatcher([glob])(path);

describe('glob matching (linear, no backtracking)', () => {
  it('matches as files.exclude and .kube-maturity.yaml excludes are written', () => {
    assert.ok(matches('*.json', 'a.json'));
    assert.ok(!matches('*.json', 'dir/a.json'));
    assert.ok(matches('**/*.json', 'dir/sub/a.json'));
    assert.ok(matches('**/*.json', 'a.json'));
    assert.ok(matches('charts/**', 'charts/x/templates/a.yaml'));
    assert.ok(matches('**/templates/**', 'charts/web/templates/deploy.yaml'));
    assert.ok(!matches('**/templates/**', 'charts/web/template/deploy.yaml'));
    assert.ok(matches('**/.git', '.git'));
    assert.ok(matches('.github/**', '.github/workflows/ci.yaml'));
    assert.ok(matches('src/?.yaml', 'src/a.yaml'));
    assert.ok(!matches('src/?.yaml', 'src/ab.yaml'));
    assert.ok(matches('src/[ab].yaml', 'src/b.yaml'));
    assert.ok(!matches('src/[!ab].yaml', 'src/b.yaml'));
    assert.ok(matches('src/[a-c]*.yaml', 'src/card.yaml'));
    assert.ok(matches('{kustomize,helm}/**', 'helm/x.yaml'));
    assert.ok(matches('*.{yaml,yml}', 'a.yml'));
    assert.ok(matches('a/{b,{c,d}}/e', 'a/d/e'));
    assert.ok(matches('./local/*.yaml', 'local/a.yaml'));
    assert.ok(matches('lit\\*.yaml', 'lit*.yaml'));
    assert.ok(!matches('lit\\*.yaml', 'litx.yaml'));
  });

  it('takes linear time on patterns that make backtracking matchers explode', () => {
    const name = `${'a'.repeat(64)}.yaml`;
    const started = process.hrtime.bigint();
    for (const stars of [7, 8, 12, 20]) {
      const glob = `${'*a'.repeat(stars)}*b`;
      assert.equal(matches(glob, name), false);
      assert.equal(matches(`**/${glob}`, `dir/${'a/'.repeat(200)}${name}`), false);
    }
    assert.equal(matches('*a*a*a*a*a*a*a*a*b', `${'a'.repeat(100_000)}`), false);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Backtracking takes minutes here; linear matching well under a second even on a loaded machine.
    assert.ok(seconds < 10, `${seconds} s`);
  });

  it('refuses brace bombs and huge globs', () => {
    assert.throws(() => globMatcher(['{a,b}'.repeat(20)]), GlobError);
    assert.throws(() => globMatcher(['a'.repeat(2000)]), GlobError);
    // 256 alternatives of 900 characters: linear, but too many states to match every path against.
    assert.throws(() => globMatcher([`${'{a,b}'.repeat(8)}${'x'.repeat(900)}`]), GlobError);
  });
});
