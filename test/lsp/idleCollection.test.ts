import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { IdleCollection } from '../../server/src/lsp/idleCollection';

// The server is started with --expose-gc (SERVER_NODE_OPTIONS); the test process is not.
setFlagsFromString('--expose-gc');
(globalThis as { gc?: unknown }).gc ??= runInNewContext('gc');

describe('the idle collection', () => {
  it('after a burst of garbage collects until the heap stops shrinking; with nothing new, not again', async () => {
    let settle = () => {};
    const idle = new IdleCollection(5, () => settle());
    const quiet = () =>
      new Promise<void>((resolve) => {
        settle = resolve;
        idle.schedule();
      });
    // The collection's timers do not keep a process alive (the server's connection does): this one does.
    const alive = setInterval(() => {}, 60_000);
    try {
      // What a scan leaves: a quarter of what it made still lives, spread over every page of the heap.
      const made = Array.from({ length: 1_600_000 }, (_, index) => ({ index, text: `item ${index}` }));
      const kept = made.filter((_, index) => index % 4 === 0);
      made.length = 0;
      const peak = getHeapStatistics().total_heap_size;
      await quiet();
      assert.ok(idle.collections >= 2, `${idle.collections} collections, heap ${peak} bytes at its peak`);
      assert.ok(getHeapStatistics().total_heap_size < peak, 'the heap gave pages back');
      const after = idle.collections;
      await quiet();
      assert.equal(idle.collections, after, 'nothing new to collect');
      assert.equal(kept.length, 400_000);
    } finally {
      idle.dispose();
      clearInterval(alive);
    }
  });
});
