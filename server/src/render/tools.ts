/**
 * Which rendering binaries to run: a path the user gave (a machine-scoped setting, a CLI flag) or the
 * first executable of that name in an absolute folder of PATH; and each binary's version, which a cached
 * render is keyed by.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { KustomizeTool } from './kustomize';
import { runTool } from './runTool';

export interface RenderTools {
  helm?: string;
  kustomize?: KustomizeTool;
}

/** An executable named `name` in a folder of PATH, by its absolute path. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const folder of path.split(delimiter)) {
    if (!isAbsolute(folder)) continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not there: the next folder.
    }
  }
  return undefined;
}

/** `kubectl` (by its name) builds with `kubectl kustomize`; anything else is taken for kustomize itself. */
export function kustomizeToolOf(binary: string): KustomizeTool {
  return { binary, flavour: /kubectl[^/\\]*$/.test(binary) ? 'kubectl' : 'kustomize' };
}

/** The binaries to render with: the given paths (made absolute against `cwd`), else what PATH has. */
export function resolveRenderTools(
  given: { helm?: string; kustomize?: string },
  resolvePath: (path: string) => string,
): RenderTools {
  const helm = given.helm ? resolvePath(given.helm) : findOnPath('helm');
  const kustomize = given.kustomize
    ? resolvePath(given.kustomize)
    : (findOnPath('kustomize') ?? findOnPath('kubectl'));
  return { helm, kustomize: kustomize ? kustomizeToolOf(kustomize) : undefined };
}

const versions = new Map<string, Promise<string | undefined>>();

/**
 * A binary's version as it prints it (`v3.18.0+g…`), asked once per binary and modification time;
 * undefined when it does not run.
 */
export function toolVersion(binary: string, args: readonly string[]): Promise<string | undefined> {
  let modified = 0;
  try {
    modified = statSync(binary).mtimeMs;
  } catch {
    return Promise.resolve(undefined);
  }
  const key = `${binary}\u0000${modified}\u0000${args.join(' ')}`;
  let version = versions.get(key);
  if (!version) {
    version = runTool({ binary, args, timeoutMs: 10_000, maxOutputBytes: 64 * 1024 }).then((result) =>
      result.kind === 'ok' ? result.stdout.trim().split('\n')[0] : undefined,
    );
    versions.set(key, version);
  }
  return version;
}

export const HELM_VERSION_ARGS = ['version', '--short'];

export function kustomizeVersionArgs(tool: KustomizeTool): string[] {
  return tool.flavour === 'kubectl' ? ['version', '--client'] : ['version'];
}
