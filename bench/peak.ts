import { writeFileSync } from 'node:fs';

/**
 * Preloaded into a measured child process (`node -r out/bench/peak.js …`): on exit it writes the process's
 * peak resident set size (getrusage's maxRSS) to $BENCH_PEAK_FILE, so that a process that has already
 * exited can still be measured.
 */
const target = process.env.BENCH_PEAK_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
  });
}
