/**
 * Runs a rendering tool (helm, kustomize, kubectl) the one way this product runs anything: the binary by
 * its path with an argument list (no shell), from a working folder outside the workspace, with an empty
 * home and configuration (no repositories, plugins, kubeconfig or credentials of the user), a time
 * limit, an output cap and cancellation.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rm } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolRun {
  /** An absolute path (from a machine-scoped setting, the CLI's flags or PATH). */
  binary: string;
  args: readonly string[];
  timeoutMs: number;
  /** stdout and stderr together may not exceed this. */
  maxOutputBytes: number;
  signal?: AbortSignal;
  /** The tool starts once this settles (everything else is made ready before): the editor's typing pause. */
  startAfter?: Promise<void>;
}

export type ToolResult =
  | { kind: 'ok'; stdout: string; stderr: string }
  | { kind: 'failed'; exitCode: number | null; stdout: string; stderr: string }
  | { kind: 'missing'; message: string }
  | { kind: 'timeout' }
  | { kind: 'too-large' }
  | { kind: 'cancelled' };

/** The environment a tool sees: its own empty home, nothing of the user's configuration or proxies. */
function isolatedEnvironment(home: string): NodeJS.ProcessEnv {
  const folder = (name: string) => {
    const path = join(home, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  return {
    HOME: home,
    HELM_CACHE_HOME: folder('cache'),
    HELM_CONFIG_HOME: folder('config'),
    HELM_DATA_HOME: folder('data'),
    HELM_PLUGINS: folder('plugins'),
    KUBECONFIG: join(home, 'no-kubeconfig'),
    XDG_CONFIG_HOME: folder('xdg'),
    LANG: 'C',
  };
}

export async function runTool(run: ToolRun): Promise<ToolResult> {
  const home = mkdtempSync(join(tmpdir(), 'kube-maturity-render-'));
  const cwd = join(home, 'work');
  mkdirSync(cwd);
  const env = isolatedEnvironment(home);
  if (run.startAfter) {
    await run.startAfter;
    if (run.signal?.aborted) {
      rm(home, { recursive: true, force: true }, () => undefined);
      return { kind: 'cancelled' };
    }
  }
  return new Promise<ToolResult>((resolve) => {
    execFile(
      run.binary,
      [...run.args],
      {
        cwd,
        env,
        shell: false,
        timeout: run.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: run.maxOutputBytes,
        signal: run.signal,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ kind: 'ok', stdout, stderr });
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (run.signal?.aborted || failure.name === 'AbortError') return resolve({ kind: 'cancelled' });
        if (failure.code === 'ENOENT' || failure.code === 'EACCES')
          return resolve({
            kind: 'missing',
            message: `${run.binary}: ${failure.code === 'ENOENT' ? 'not found' : 'not executable'}`,
          });
        if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve({ kind: 'too-large' });
        if (failure.killed) return resolve({ kind: 'timeout' });
        resolve({
          kind: 'failed',
          exitCode: typeof failure.code === 'number' ? failure.code : null,
          stdout,
          stderr,
        });
      },
    );
  }).finally(() => {
    // Removed in the background: the result is not kept waiting for it (the process stays up until it is done).
    rm(home, { recursive: true, force: true }, () => undefined);
  });
}
