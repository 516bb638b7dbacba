/**
 * `check --jobs N` (worker threads, issue 14): the report of every format is the one a single thread
 * writes, byte for byte, and the run really used the threads.
 */
import assert from 'node:assert/strict';
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
