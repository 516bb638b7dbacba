/**
 * The shape of a Kubernetes object as the API server decodes it: a field's type, and the fields of an
 * object. Built-in kinds come from the generated tables (`table.ts`), custom resources from the
 * workspace's CustomResourceDefinitions (`crd.ts`); the check (`check.ts`) reads only these types.
 */
export type FieldType =
  | {
      kind: 'string' | 'integer' | 'number' | 'boolean' | 'timestamp' | 'intOrString' | 'quantity' | 'any';
    }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'object'; definition: ObjectDefinition }
  | { kind: 'list'; items: FieldType }
  | { kind: 'map'; values: FieldType };

export interface ObjectDefinition {
  /** For messages: "Container", "ObjectMeta", "Widget.spec". */
  readonly name: string;
  field(name: string): FieldType | undefined;
  readonly fieldNames: readonly string[];
  readonly required: readonly string[];
  /** Keys the definition does not declare are kept (`x-kubernetes-preserve-unknown-fields`). */
  readonly open?: boolean;
}

export const ANY: FieldType = { kind: 'any' };
export const STRING: FieldType = { kind: 'string' };

/** An object definition from a fixed set of fields. */
export function objectDefinition(
  name: string,
  fields: ReadonlyMap<string, FieldType>,
  required: readonly string[] = [],
  open = false,
): ObjectDefinition {
  return {
    name,
    field: (key) => fields.get(key),
    fieldNames: [...fields.keys()],
    required,
    open,
  };
}
