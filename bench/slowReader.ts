import { createHash } from 'node:crypto';

/**
 * A reader slower than the report's writer, for the benchmark's slow pipe: `… | node slowReader.js`. It
 * stops reading for STALL_MS after every STALL_EVERY bytes (a consumer busy with what it read: a CI log
 * uploader, `jq`), so that a writer that does not wait for it queues what it writes in its own memory.
 * On the end of its input it prints the byte count and the SHA-256 of what it read.
 */
const STALL_EVERY = 16 * 1024 * 1024;
const STALL_MS = 20;

const hash = createHash('sha256');
let bytes = 0;
let sinceStall = 0;
process.stdin.on('data', (chunk: Buffer) => {
  hash.update(chunk);
  bytes += chunk.length;
  sinceStall += chunk.length;
  if (sinceStall < STALL_EVERY) return;
  sinceStall = 0;
  process.stdin.pause();
  setTimeout(() => process.stdin.resume(), STALL_MS);
});
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ bytes, sha256: hash.digest('hex') })}\n`);
});
