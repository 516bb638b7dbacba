/**
 * `check --render` of the Kustomize roots in a folder as the CLI runs it, in process: the roots built with
 * a tool set's kubectl, the findings put back on their bases and patches, each built fix turned into a
 * verified fix of the kustomization.
 */
import { allControls } from '../../server/src/controls';
import { defaultSettings } from '../../server/src/engine/config';
import type { Finding } from '../../server/src/engine/result';
import { checkWorkspace } from '../../server/src/engine/workspace';
import {
  buildKustomizeRoots,
  type KustomizeRenders,
  mapBuiltFindings,
} from '../../server/src/render/kustomizations';
import { offerKustomizeFixes } from '../../server/src/render/kustomizeFixes';
import { FindingPlacer } from '../../server/src/render/placement';
import { RENDER_LIMITS, readFolder, readIn } from './chartFixes';

export interface KustomizeCheck {
  findings: Finding[];
  renders: KustomizeRenders;
  counts: { offered: number; withheld: number; unverified: number };
}

/** `offer: false`: the findings only, their fixes not turned into fixes of the kustomizations. */
export async function checkKustomizations(
  directory: string,
  kubectl: string,
  offer = true,
): Promise<KustomizeCheck> {
  const settings = defaultSettings();
  const read = readIn(directory);
  const tool = { binary: kubectl, flavour: 'kubectl' as const };
  const renders = await buildKustomizeRoots(
    readFolder(directory),
    { tool, limits: RENDER_LIMITS },
    directory,
  );
  const result = checkWorkspace(renders.sources, { settings, controls: allControls });
  const parsed = new Map(result.analysis.objects.map((object) => [object.file.path, object.file]));
  const findings = mapBuiltFindings(
    result.analysis.findings,
    renders,
    new FindingPlacer((path) => parsed.get(path), read),
  );
  const counts = offer
    ? await offerKustomizeFixes(renders, {
        tool,
        limits: RENDER_LIMITS,
        settings,
        controls: allControls,
        sources: renders.sources,
        read,
        cwd: directory,
      })
    : { offered: 0, withheld: 0, unverified: 0 };
  const problems = renders.problems.map((problem) => `${problem.file}: ${problem.message}`);
  if (problems.length > 0) throw new Error(`kustomize problems: ${problems.join('; ')}`);
  return { findings, renders, counts };
}
