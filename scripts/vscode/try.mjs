// npm run try: VS Code (code-server) in your browser with kube-maturity and a copy of the sample workspace.
// Installs what it needs into .cache/ the first time, serves on 127.0.0.1, and stops with Ctrl+C.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  CACHE,
  freePort,
  installExtension,
  ROOT,
  SetupError,
  startCodeServer,
  userDataDir,
} from './tools.mjs';

const portArgument = process.argv.indexOf('--port');
try {
  const home = join(CACHE, 'try');
  rmSync(join(home, 'examples'), { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const workspace = join(home, 'examples');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  const extensionsDir = join(home, 'extensions');
  installExtension(extensionsDir);
  const port = portArgument > 0 ? Number(process.argv[portArgument + 1]) : await freePort();
  // The user-data folder is this run's: removed when it stops, and any a killed run left is replaced.
  rmSync(join(home, 'user-data'), { recursive: true, force: true });
  const userData = userDataDir({}, home);
  process.on('exit', () => rmSync(userData, { recursive: true, force: true }));
  const server = await startCodeServer({ workspace, extensionsDir, userData, port });
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    process.stderr.write(`code-server stopped (${code})\n`);
    process.exit(code ?? 1);
  });
  process.stdout.write(
    `\nkube-maturity in VS Code: ${server.url}\n(open it in a browser; the sample workspace is a copy in .cache/try/examples; Ctrl+C stops)\n`,
  );
} catch (error) {
  process.stderr.write(`try: ${error instanceof SetupError ? error.message : error.stack}\n`);
  process.exit(1);
}
