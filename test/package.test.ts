import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from './support/paths';

/** File names of a zip archive, from its central directory. */
function zipEntries(archive: Buffer): string[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip archive');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(archive.readUInt32LE(offset), 0x02014b50);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    names.push(archive.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('npm run package', () => {
  it('builds a bundled .vsix under 3 MB with icon, README, CHANGELOG, LICENSE and no node_modules', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kube-maturity-vsix-')), 'kube-maturity.vsix');
    const run = spawnSync(
      process.execPath,
      [
        join(PROJECT_ROOT, 'node_modules/@vscode/vsce/vsce'),
        'package',
        '--no-dependencies',
        '--no-rewrite-relative-links',
        '--out',
        out,
      ],
      {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const size = statSync(out).size;
    assert.ok(size < 3 * 1024 * 1024, `${size} bytes`);
    const entries = zipEntries(readFileSync(out));
    for (const required of [
      'extension/package.json',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
      'extension/images/icon.png',
      'extension/dist/client.js',
      'extension/dist/server.js',
      'extension/snippets/kubernetes.code-snippets',
      'extension/docs/controls/run-as-root.md',
    ]) {
      assert.ok(
        entries.some((entry) => entry.toLowerCase() === required.toLowerCase()),
        `${required} missing from ${entries.join(', ')}`,
      );
    }
    assert.deepEqual(
      entries.filter(
        (entry) =>
          entry.includes('node_modules/') ||
          entry.endsWith('.map') ||
          entry.includes('/src/') ||
          entry.includes('/test/'),
      ),
      [],
    );
    console.log(`vsix: ${entries.length} files, ${(size / 1024).toFixed(0)} KB`);
  });
});
