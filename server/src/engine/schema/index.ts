import { isScalar, type Scalar, type YAMLMap } from 'yaml';
import type { Settings } from '../config';
import { editDistance } from '../misspelling';
import type { KubeObject } from '../model';
import { nodeSpan } from '../nodes';
import type { ObjectIndex } from '../objectIndex';
import {
  checkAgainst,
  closest,
  replacedKeepingQuotes,
  type SchemaControlId,
  type SchemaFix,
  type SchemaProblem,
} from './check';
import { customKindsOf } from './crd';
import { kindTableFor, NEWEST_SCHEMA_VERSION, schemaVersionFor } from './table';
import type { ObjectDefinition } from './types';

export {
  closest,
  replacedKeepingQuotes,
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
  if (!definition) {
    const problem = unservedKindProblem(object, index, settings);
    if (!problem) return undefined;
    return problem.control === control ? [problem] : [];
  }
  const problems = withNewerReleaseNotes(object, definition, settings);
  return problems.filter((problem) => problem.control === control);
}

const noted = new WeakMap<SchemaProblem[], SchemaProblem[]>();

/**
 * Against an older release than the newest shipped, a field or value the newest takes says so: the user
 * learns that the target version, not a typo, makes it unknown.
 */
function withNewerReleaseNotes(
  object: KubeObject,
  definition: ObjectDefinition,
  settings: Pick<Settings, 'kubernetesVersion'>,
): SchemaProblem[] {
  const problems = schemaProblemsOf(object, definition);
  const version = schemaVersionFor(settings.kubernetesVersion);
  if (version === NEWEST_SCHEMA_VERSION || problems.length === 0) return problems;
  const cached = noted.get(problems);
  if (cached) return cached;
  const newest = kindTableFor(NEWEST_SCHEMA_VERSION).root(object.apiVersion, object.kind);
  let result = problems;
  if (
    newest &&
    kindTableFor(settings.kubernetesVersion).root(object.apiVersion, object.kind) === definition
  ) {
    const key = (problem: SchemaProblem) => `${problem.control}@${problem.at?.[0]}`;
    const stillThere = new Set(checkAgainst(object.node, newest).map(key));
    const target = settings.kubernetesVersion ?? version;
    result = problems.map((problem) =>
      (problem.control === 'unknown-field' || problem.control === 'invalid-field-value') &&
      !stillThere.has(key(problem))
        ? {
            ...problem,
            message: `${problem.message} (Kubernetes ${NEWEST_SCHEMA_VERSION} takes it: checked against ${version}${target === version ? '' : `, the schema for kubernetesVersion ${target}`})`,
            fix: undefined,
            withheld: `it is valid in a newer Kubernetes: raise kubernetesVersion, or remove it for ${target}`,
          }
        : problem,
    );
  }
  noted.set(problems, result);
  return result;
}

const STABLE_API_VERSION = /(?:^|\/)v[0-9]+$/;

/**
 * An apiVersion and kind that no one serves though their group is known: a kind misspelt in a built-in
 * group (`apps/v1` `Deployement`), a built-in kind under another group's apiVersion (`v1` `Deployment`), a
 * custom kind or version its workspace CRD does not define. The core group is only held to kinds close to
 * its own or of other built-in groups: other tools' `v1` files (a kubeconfig's `Config`) are not objects
 * of the API.
 */
function unservedKindProblem(
  object: KubeObject,
  index: ObjectIndex,
  settings: Pick<Settings, 'kubernetesVersion'>,
): SchemaProblem | undefined {
  const { apiVersion, kind } = object;
  const table = kindTableFor(settings.kubernetesVersion);
  const kindNode = object.node.get('kind', true);
  const apiVersionNode = object.node.get('apiVersion', true);
  if (!isScalar(kindNode) || !isScalar(apiVersionNode) || kind.includes('{{') || apiVersion.includes('{{'))
    return undefined;
  const builtIn = table.hasGroup(object.group) || !apiVersion.includes('/');
  // A beta or alpha version of a built-in group may be served where a cluster enables it: not judged.
  if (builtIn && !STABLE_API_VERSION.test(apiVersion)) return undefined;
  const version = schemaVersionFor(settings.kubernetesVersion);
  if (version !== NEWEST_SCHEMA_VERSION && kindTableFor(NEWEST_SCHEMA_VERSION).root(apiVersion, kind))
    return {
      control: 'invalid-field-value',
      message: `${apiVersion} has no kind ${kind} in Kubernetes ${version} (${NEWEST_SCHEMA_VERSION} serves it)`,
      at: nodeSpan(kindNode),
      withheld: `it is served by a newer Kubernetes: raise kubernetesVersion, or use an apiVersion ${version} serves`,
    };
  if (builtIn) {
    const served = table.kindsAt(apiVersion);
    // A version of the group the release does not serve is deprecated-api-version's to report.
    if (served.length === 0) return undefined;
    const servedBy = table.apiVersionsOf(kind);
    // Where a kind has a stable version, the beta and alpha ones (most of them removed) are not meant.
    const stable = servedBy.filter((candidate) => STABLE_API_VERSION.test(candidate));
    const elsewhere = stable.length > 0 ? stable : servedBy;
    if (elsewhere.length > 0) return wrongApiVersion(apiVersionNode, apiVersion, kind, elsewhere);
    const meant = closest(kind, served);
    if (object.group === '' && meant.length === 0) return undefined;
    return unknownKind(kindNode, apiVersion, kind, meant);
  }
  const custom: string[] = [];
  const versions: string[] = [];
  const misspeltGroup = misspeltGroupOf(object, table);
  for (const crd of index.ofKind('CustomResourceDefinition')) {
    if (crd.group !== 'apiextensions.k8s.io') continue;
    const kinds = customKindsOf(crd, undefined);
    if (kinds?.group !== object.group) continue;
    for (const key of kinds.roots.keys()) {
      const [, version] = key.split('/');
      if (!custom.includes(kinds.kind)) custom.push(kinds.kind);
      if (kinds.kind === kind && !versions.includes(`${object.group}/${version}`))
        versions.push(`${object.group}/${version}`);
    }
  }
  if (custom.length === 0)
    return misspeltGroup ? wrongApiVersion(apiVersionNode, apiVersion, kind, misspeltGroup) : undefined;
  if (versions.length > 0) {
    return {
      control: 'invalid-field-value',
      message: `${apiVersion} is not a version the CustomResourceDefinition of ${kind} serves (it serves ${versions.join(', ')})`,
      at: nodeSpan(apiVersionNode),
      withheld: versions.length > 1 ? 'choose the version meant' : undefined,
      fix:
        versions.length === 1
          ? replacement(
              apiVersionNode,
              versions[0],
              'apiVersion',
              `${versions[0]} may read the resource's fields otherwise than ${apiVersion} was meant to`,
            )
          : undefined,
    };
  }
  return unknownKind(kindNode, apiVersion, kind, closest(kind, custom), 'the workspace defines');
}

/**
 * The apiVersions of a built-in kind whose group is a misspelling of this object's unknown group
 * (`app/v1` `Deployment`): a group merely unknown (Knative's `serving.knative.dev` `Service`) is not one.
 */
function misspeltGroupOf(object: KubeObject, table: ReturnType<typeof kindTableFor>): string[] | undefined {
  if (!object.apiVersion.includes('/')) return undefined;
  const candidates = table
    .apiVersionsOf(object.kind)
    .filter((apiVersion) => STABLE_API_VERSION.test(apiVersion));
  const groupOf = (apiVersion: string) =>
    apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // One typing error away (`app` for `apps`), however short the group.
  const meant = candidates.filter((apiVersion) => {
    const group = groupOf(apiVersion);
    return group !== '' && object.group.length >= 3 && editDistance(object.group, group, 1) <= 1;
  });
  return meant.length > 0 ? meant : undefined;
}

function wrongApiVersion(
  node: Scalar,
  apiVersion: string,
  kind: string,
  servedBy: readonly string[],
): SchemaProblem {
  return {
    control: 'invalid-field-value',
    message: `${apiVersion} has no kind ${kind}: ${kind} is ${servedBy.join(' or ')}`,
    at: nodeSpan(node),
    fix: servedBy.length === 1 ? replacement(node, servedBy[0], 'apiVersion') : undefined,
    withheld: servedBy.length > 1 ? `write the apiVersion meant: ${servedBy.join(' or ')}` : undefined,
  };
}

function unknownKind(
  node: Scalar,
  apiVersion: string,
  kind: string,
  meant: readonly string[],
  defines = 'it serves',
): SchemaProblem {
  const hint = meant.length > 0 ? `; did you mean ${meant.map((name) => `"${name}"`).join(' or ')}?` : '';
  const caseOnly = meant.length === 1 && meant[0].toLowerCase() === kind.toLowerCase();
  return {
    control: 'invalid-field-value',
    message: `${apiVersion} has no kind "${kind}"${hint || ` (no kind ${defines} is close)`}`,
    at: nodeSpan(node),
    fix: caseOnly ? replacement(node, meant[0], 'kind') : undefined,
    withheld: meant.length > 0 && !caseOnly ? 'write the kind meant' : undefined,
  };
}

function replacement(
  node: Scalar,
  text: string,
  field: string,
  changesBehaviour?: string,
): SchemaFix | undefined {
  const at = nodeSpan(node);
  if (!at) return undefined;
  return { ...replacedKeepingQuotes(node, at, text), title: `Write ${field}: ${text}`, changesBehaviour };
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
