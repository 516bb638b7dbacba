import type { YAMLMap } from 'yaml';
import type { Settings } from '../config';
import type { KubeObject } from '../model';
import type { ObjectIndex } from '../objectIndex';
import { checkAgainst, type SchemaControlId, type SchemaProblem } from './check';
import { customKindsOf } from './crd';
import { kindTableFor } from './table';
import type { ObjectDefinition } from './types';

export {
  closest,
  SCHEMA_CONTROL_IDS,
  type SchemaControlId,
  type SchemaFix,
  type SchemaProblem,
} from './check';
export { kindTableFor, NEWEST_SCHEMA_VERSION, SCHEMA_VERSIONS, schemaVersionFor } from './table';

/**
 * The definition an object is checked against: its built-in kind in the target Kubernetes release, else
 * the kind a CustomResourceDefinition of the workspace declares (read through `index`, so that editing the
 * CRD re-checks its resources). Undefined: a kind nobody here defines, which is not checked.
 */
export function definitionOf(
  object: KubeObject,
  index: ObjectIndex,
  settings: Pick<Settings, 'kubernetesVersion'>,
): ObjectDefinition | undefined {
  const table = kindTableFor(settings.kubernetesVersion);
  const builtIn = table.root(object.apiVersion, object.kind);
  if (builtIn) return builtIn;
  // An apiVersion of a built-in group that the release does not serve is deprecated-api-version's to report.
  if (table.hasGroup(object.group) || !object.apiVersion.includes('/')) return undefined;
  const objectMeta = table.definitionNamed('ObjectMeta');
  for (const crd of index.ofKind('CustomResourceDefinition')) {
    if (crd.group !== 'apiextensions.k8s.io') continue;
    const kinds = customKindsOf(crd, objectMeta);
    const root = kinds?.roots.get(`${object.apiVersion}/${object.kind}`);
    if (root) return root;
  }
  return undefined;
}

const checked = new WeakMap<YAMLMap, { definition: ObjectDefinition; problems: SchemaProblem[] }>();

/** The schema problems of an object, computed once per parse of it and definition it is checked against. */
export function schemaProblemsOf(object: KubeObject, definition: ObjectDefinition): SchemaProblem[] {
  const cached = checked.get(object.node);
  if (cached && cached.definition === definition) return cached.problems;
  const problems = checkAgainst(object.node, definition);
  checked.set(object.node, { definition, problems });
  return problems;
}

/** The problems of one of the four schema controls, for an object: undefined when it is not checked. */
export function schemaProblems(
  control: SchemaControlId,
  object: KubeObject,
  index: ObjectIndex,
  settings: Pick<Settings, 'kubernetesVersion'>,
): SchemaProblem[] | undefined {
  const definition = definitionOf(object, index, settings);
  if (!definition) return undefined;
  return schemaProblemsOf(object, definition).filter((problem) => problem.control === control);
}

/**
 * The keys of an object's built-in schema that are misspelled in it (`resouces` for `resources`), by the
 * mapping they are in and the field meant: what a check that found the field missing should name.
 */
export function misspelledFieldsOf(
  object: KubeObject,
  settings: Pick<Settings, 'kubernetesVersion'>,
): Map<YAMLMap, Map<string, string>> | undefined {
  const definition = kindTableFor(settings.kubernetesVersion).root(object.apiVersion, object.kind);
  if (!definition) return undefined;
  const problems = schemaProblemsOf(object, definition);
  if (misspellings.has(problems)) return misspellings.get(problems);
  let result: Map<YAMLMap, Map<string, string>> | undefined;
  for (const problem of problems) {
    const unknown = problem.unknown;
    if (unknown?.suggestions.length !== 1) continue;
    result ??= new Map();
    let byField = result.get(unknown.map);
    if (!byField) {
      byField = new Map();
      result.set(unknown.map, byField);
    }
    byField.set(unknown.suggestions[0], unknown.key);
  }
  misspellings.set(problems, result);
  return result;
}

const misspellings = new WeakMap<SchemaProblem[], Map<YAMLMap, Map<string, string>> | undefined>();
