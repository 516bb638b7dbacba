import type { KubeObject } from '../model';
import { toPlain } from '../nodes';
import { ANY, type FieldType, type ObjectDefinition, objectDefinition, STRING } from './types';

/** A CustomResourceDefinition's kinds: each served version's root definition, by "group/version/kind". */
export interface CustomKinds {
  readonly crd: KubeObject;
  readonly roots: ReadonlyMap<string, ObjectDefinition>;
  readonly group: string;
  readonly kind: string;
}

/** Nested schemas deeper than this are taken as any value. */
const MAX_SCHEMA_DEPTH = 64;

const compiled = new WeakMap<object, CustomKinds | null>();

/**
 * The kinds a CustomResourceDefinition of the workspace declares (apiextensions.k8s.io/v1, and v1beta1's
 * `spec.validation`), compiled from each version's `openAPIV3Schema` once per parse of the CRD. A version
 * without a schema accepts any field. `metadata` is always the built-in ObjectMeta.
 */
export function customKindsOf(
  crd: KubeObject,
  objectMeta: ObjectDefinition | undefined,
): CustomKinds | undefined {
  const cached = compiled.get(crd.node);
  if (cached !== undefined) return cached ?? undefined;
  let result: CustomKinds | undefined;
  try {
    result = compile(crd, objectMeta);
  } catch {
    // A schema too large to read (toPlain's budget): the custom resources are not checked.
    result = undefined;
  }
  compiled.set(crd.node, result ?? null);
  return result;
}

function compile(crd: KubeObject, objectMeta: ObjectDefinition | undefined): CustomKinds | undefined {
  const spec = record(toPlain(crd.node.get('spec', true), { nodes: 50_000 }));
  const group = typeof spec?.group === 'string' ? spec.group : undefined;
  const names = record(spec?.names);
  const kind = typeof names?.kind === 'string' ? names.kind : undefined;
  if (!spec || !group || !kind) return undefined;
  const roots = new Map<string, ObjectDefinition>();
  // spec.preserveUnknownFields (v1beta1's default): no field of the resources is pruned or unknown.
  const keepsUnknown =
    spec.preserveUnknownFields === true ||
    (crd.apiVersion === 'apiextensions.k8s.io/v1beta1' && spec.preserveUnknownFields !== false);
  const add = (version: unknown, schema: unknown) => {
    if (typeof version !== 'string') return;
    roots.set(`${group}/${version}/${kind}`, rootDefinition(kind, schema, objectMeta, keepsUnknown));
  };
  const sharedSchema = record(spec.validation)?.openAPIV3Schema;
  if (Array.isArray(spec.versions)) {
    for (const entry of spec.versions) {
      const version = record(entry);
      // A version the API server does not serve takes no resources.
      if (version?.served === false) continue;
      add(version?.name, record(version?.schema)?.openAPIV3Schema ?? sharedSchema);
    }
  } else add(spec.version, sharedSchema);
  return { crd, roots, group, kind };
}

function rootDefinition(
  kind: string,
  schema: unknown,
  objectMeta: ObjectDefinition | undefined,
  keepsUnknown: boolean,
): ObjectDefinition {
  const root = record(schema);
  if (!root) return objectDefinition(kind, new Map(), [], true);
  const type = compileSchema(root, kind, 0, keepsUnknown);
  const fields = new Map<string, FieldType>();
  let required: readonly string[] = [];
  let open = true;
  if (type.kind === 'object') {
    for (const name of type.definition.fieldNames) fields.set(name, type.definition.field(name) ?? ANY);
    required = type.definition.required.filter((name) => !['apiVersion', 'kind', 'metadata'].includes(name));
    open = type.definition.open === true;
  }
  fields.set('apiVersion', STRING);
  fields.set('kind', STRING);
  fields.set('metadata', objectMeta ? { kind: 'object', definition: objectMeta } : ANY);
  if (!fields.has('status')) fields.set('status', ANY);
  return objectDefinition(kind, fields, required, open);
}

function compileSchema(
  schema: Record<string, unknown>,
  name: string,
  depth: number,
  keepsUnknown = false,
): FieldType {
  if (depth > MAX_SCHEMA_DEPTH) return ANY;
  if (schema['x-kubernetes-int-or-string'] === true) return { kind: 'intOrString' };
  const preserve = keepsUnknown || schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  switch (schema.type) {
    case 'object': {
      const properties = record(schema.properties);
      const additional = schema.additionalProperties;
      if (!properties && (additional === true || record(additional))) {
        const values = record(additional);
        return {
          kind: 'map',
          values: values ? compileSchema(values, `${name}.*`, depth + 1, keepsUnknown) : ANY,
        };
      }
      // Any fields are kept, but the value is still a mapping.
      if (!properties && (preserve || embedded))
        return { kind: 'object', definition: objectDefinition(name, new Map(), [], true) };
      const fields = new Map<string, FieldType>();
      for (const [field, value] of Object.entries(properties ?? {})) {
        const child = record(value);
        fields.set(field, child ? compileSchema(child, `${name}.${field}`, depth + 1, keepsUnknown) : ANY);
      }
      if (embedded)
        for (const field of ['apiVersion', 'kind', 'metadata'])
          if (!fields.has(field)) fields.set(field, ANY);
      // A field with a default is filled in as the API server decodes the resource: not missing.
      const required = Array.isArray(schema.required)
        ? schema.required.filter(
            (field): field is string =>
              typeof field === 'string' && record(properties?.[field])?.default === undefined,
          )
        : [];
      return { kind: 'object', definition: objectDefinition(name, fields, required, preserve) };
    }
    case 'array': {
      const items = record(schema.items);
      return { kind: 'list', items: items ? compileSchema(items, name, depth + 1, keepsUnknown) : ANY };
    }
    case 'string': {
      const values = Array.isArray(schema.enum) ? schema.enum : undefined;
      if (values && values.length > 0 && values.every((value) => typeof value === 'string'))
        return { kind: 'enum', values };
      return STRING;
    }
    case 'integer':
      return { kind: 'integer' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
    default:
      // No type (anyOf, a preserved value): not checked.
      return ANY;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
