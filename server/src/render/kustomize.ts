/**
 * Kustomize roots built with `kustomize build` or `kubectl kustomize`, never with `--enable-helm`,
 * `--load-restrictor none`, alpha or exec plugins. The root is wrapped in a temporary kustomization
 * outside the workspace that asks for build metadata, so that every object says the file it came from
 * and the kustomizations that transformed it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import type { RenderLimits } from './helm';
import { runTool } from './runTool';
import { memoByText } from './textMemo';

export interface KustomizeTool {
  binary: string;
  /** `kubectl kustomize DIR` or `kustomize build DIR`. */
  flavour: 'kubectl' | 'kustomize';
}

const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';

export function kustomizeArgs(tool: KustomizeTool, directory: string): string[] {
  return tool.flavour === 'kubectl' ? ['kustomize', directory] : ['build', directory];
}

/** The temporary kustomization that builds `root` with build metadata. */
export function wrapperKustomization(wrapperDir: string, root: string): string {
  return `resources:\n  - ${JSON.stringify(relative(wrapperDir, root))}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`;
}

/** One object kustomize built, with where it came from. */
export interface BuiltObject {
  /** The object as deployed: the build-metadata annotations taken out again. */
  text: string;
  /** The file that declared it (absolute), or the kustomization whose generator made it. */
  origin?: { file: string } | { generatedBy: string; generator: string };
  /** Kustomizations (absolute paths) whose transformers changed it, and how. */
  transformedBy: Array<{ kustomization: string; transformer: string }>;
}

export type KustomizeOutcome =
  | { kind: 'built'; objects: BuiltObject[] }
  | { kind: 'error'; message: string }
  | { kind: 'unavailable'; reason: string };

/** Resource entries of a kustomization that name something remote: building it would need the network. */
export const remoteResources: (kustomizationText: string) => readonly string[] =
  memoByText(readRemoteResources);

function readRemoteResources(kustomizationText: string): string[] {
  const document = parseDocument(kustomizationText, { uniqueKeys: false });
  if (!isMap(document.contents)) return [];
  const remote: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    const list = document.contents.get(key);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const entry = isScalar(item) ? String(item.value) : '';
      if (
        /^(?:https?:|git@|ssh:|git::)|^(?:github\.com|gitlab\.com|bitbucket\.org)\/|\?ref=|\/\/[^/]/.test(
          entry,
        )
      )
        remote.push(entry);
    }
  }
  return remote;
}

function readBuilt(output: string, wrapperDir: string): BuiltObject[] {
  const objects: BuiltObject[] = [];
  for (const document of parseAllDocuments(output)) {
    if (!isMap(document.contents)) continue;
    const annotations = document.getIn(['metadata', 'annotations']);
    const built: BuiltObject = { text: '', transformedBy: [] };
    if (isMap(annotations)) {
      const origin = parseDocument(String(annotations.get(ORIGIN) ?? '')).toJS() as {
        path?: string;
        configuredIn?: string;
        configuredBy?: { kind?: string };
      } | null;
      if (origin?.path) built.origin = { file: resolve(wrapperDir, origin.path) };
      else if (origin?.configuredIn)
        built.origin = {
          generatedBy: resolve(wrapperDir, origin.configuredIn),
          generator: origin.configuredBy?.kind ?? '',
        };
      const transformations = parseDocument(String(annotations.get(TRANSFORMATIONS) ?? '')).toJS() as Array<{
        configuredIn?: string;
        configuredBy?: { kind?: string };
      }> | null;
      for (const transformation of transformations ?? [])
        if (transformation.configuredIn)
          built.transformedBy.push({
            kustomization: resolve(wrapperDir, transformation.configuredIn),
            transformer: transformation.configuredBy?.kind ?? '',
          });
      annotations.delete(ORIGIN);
      annotations.delete(TRANSFORMATIONS);
      if (annotations.items.length === 0) document.deleteIn(['metadata', 'annotations']);
    }
    built.text = document.toString();
    objects.push(built);
  }
  return objects;
}

const MESSAGE_LENGTH = 1500;

/**
 * Kustomize's error on one line, bounded, without what the wrapper adds: its attempt to read the root as
 * a file, and its paths to the root.
 */
function buildError(stderr: string): string {
  const message = stderr
    .trim()
    .replace(/^error: /i, '')
    .replace(
      /^accumulating resources: accumulation err='accumulating resources from '[^']*': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': /,
      '',
    )
    .replace(/`\s+([^`]*?)\s+`/g, '`$1`')
    .replace(/\s*\n\s*/g, ' ');
  return message.length > MESSAGE_LENGTH ? `${message.slice(0, MESSAGE_LENGTH)}…` : message;
}

export async function buildKustomization(
  tool: KustomizeTool,
  root: string,
  limits: RenderLimits,
): Promise<KustomizeOutcome> {
  const wrapperDir = mkdtempSync(join(tmpdir(), 'kube-maturity-kustomize-'));
  try {
    writeFileSync(join(wrapperDir, 'kustomization.yaml'), wrapperKustomization(wrapperDir, root));
    const result = await runTool({ binary: tool.binary, args: kustomizeArgs(tool, wrapperDir), ...limits });
    switch (result.kind) {
      case 'ok':
        return { kind: 'built', objects: readBuilt(result.stdout, wrapperDir) };
      case 'failed':
        return { kind: 'error', message: buildError(result.stderr) || 'kustomize failed' };
      case 'missing':
        return { kind: 'unavailable', reason: result.message };
      case 'timeout':
        return { kind: 'unavailable', reason: `kustomize took longer than ${limits.timeoutMs / 1000} s` };
      case 'too-large':
        return { kind: 'unavailable', reason: `kustomize wrote more than ${limits.maxOutputBytes} bytes` };
      case 'cancelled':
        return { kind: 'unavailable', reason: 'cancelled by a newer build' };
    }
  } finally {
    rmSync(wrapperDir, { recursive: true, force: true });
  }
}
