/**
 * `check --jobs N` (worker threads, issue 14): the report of every format is the one a single thread
 * writes, byte for byte, and the run really used the threads.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateUnhardenedWorkspace, generateWorkspace, removeWorkspace } from '../bench/generate';
import { runCli } from './support/cli';

const DEBUG = { KUBE_MATURITY_DEBUG: 'jobs' };

describe('check --jobs', () => {
  for (const [shape, generate] of [
    ['hardened', generateWorkspace],
    ['unhardened', generateUnhardenedWorkspace],
  ] as const) {
    it(`writes what one thread writes, in every format (${shape} workspace)`, () => {
      const workspace = generate(450);
      try {
        for (const format of ['json', 'sarif', 'text']) {
          const args = ['check', '--format', format, '--no-color', workspace.root];
          const one = runCli([...args, '--jobs', '1'], { env: DEBUG });
          const two = runCli([...args, '--jobs', '2'], { env: DEBUG });
          assert.equal(one.stderr, '', `${format}, --jobs 1`);
          assert.match(
            two.stderr,
            /^kube-maturity: 2 worker threads for 450 files\n(kube-maturity: (files parsed and summarized|files checked|report written) after \d+ ms\n){3}$/,
            format,
          );
          assert.equal(two.status, one.status, format);
          assert.ok(one.stdout.length > 10_000, `${format}: ${one.stdout.length} characters`);
          assert.equal(two.stdout, one.stdout, format);
        }
      } finally {
        removeWorkspace(workspace.root);
      }
    });
  }

  it("lists file problems and unreadable files in their place among the workers' files", () => {
    const workspace = generateUnhardenedWorkspace(450);
    try {
      const dirs = readdirSync(workspace.root).sort();
      const binary = Buffer.from('apiVersion: v1\0kind: ConfigMap\n');
      // Before every run, among a run's files, after every run; one file that does not parse.
      writeFileSync(join(workspace.root, '0-first.yaml'), binary);
      writeFileSync(join(workspace.root, dirs[Math.floor(dirs.length / 2)], 'binary.yaml'), binary);
      mkdirSync(join(workspace.root, 'zz-last'));
      writeFileSync(join(workspace.root, 'zz-last', 'binary.yaml'), binary);
      writeFileSync(
        join(workspace.root, dirs[1], 'broken.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: b\n',
      );
      for (const format of ['text', 'json']) {
        const args = ['check', '--format', format, '--no-color', '--show-exempt', workspace.root];
        const one = runCli([...args, '--jobs', '1']);
        const two = runCli([...args, '--jobs', '2'], { env: DEBUG });
        assert.match(two.stderr, /^kube-maturity: 2 worker threads/, format);
        assert.equal((one.stdout.match(/binary data/g) ?? []).length, 3, format);
        assert.match(one.stdout, /YAML syntax error/, format);
        assert.equal(two.stdout, one.stdout, format);
      }
    } finally {
      removeWorkspace(workspace.root);
    }
  });

  it('uses one thread for a small workspace, and refuses a count that is not one', () => {
    const workspace = generateWorkspace(40);
    try {
      const run = runCli(['check', '--jobs', '8', '--fail-on', 'none', workspace.root], { env: DEBUG });
      assert.equal(run.status, 0);
      assert.equal(run.stderr, '');
      for (const jobs of ['0', '1.5', 'many']) {
        const refused = runCli(['check', '--jobs', jobs, workspace.root]);
        assert.equal(refused.status, 2, jobs);
        assert.match(refused.stderr, /--jobs must be a number of threads from 1 to 256/);
      }
    } finally {
      removeWorkspace(workspace.root);
    }
  });
});
