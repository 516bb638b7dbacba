import { ANY, type FieldType, type ObjectDefinition } from './types';

/**
 * The schema of the built-in kinds of one Kubernetes release, as `npm run schema` writes it
 * (scripts/schema.mjs): type codes `s` string, `i` integer, `n` number, `b` boolean, `t` timestamp,
 * `is` int-or-string, `q` quantity, `a` any, `e<k>` enum k, `#<k>` definition k, `[<code>` a list of,
 * `{<code>` a map of.
 */
interface RawTable {
  kubernetes: string;
  source: string;
  kinds: Record<string, number>;
  enums: string[][];
  definitions: Array<[name: string, fields: Record<string, string>, required?: string[]]>;
}

/** The releases whose tables are shipped, newest first. */
export const SCHEMA_VERSIONS = ['1.36', '1.33'] as const;
export type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];
export const NEWEST_SCHEMA_VERSION: SchemaVersion = SCHEMA_VERSIONS[0];

function rawTable(version: SchemaVersion): RawTable {
  // Required only when first used: the tables are parsed once, and only the one a workspace targets.
  switch (version) {
    case '1.36':
      return require('./kubernetes-1.36.json') as RawTable;
    case '1.33':
      return require('./kubernetes-1.33.json') as RawTable;
  }
}

const SCALARS: Record<string, FieldType> = {
  s: { kind: 'string' },
  i: { kind: 'integer' },
  n: { kind: 'number' },
  b: { kind: 'boolean' },
  t: { kind: 'timestamp' },
  is: { kind: 'intOrString' },
  q: { kind: 'quantity' },
  a: ANY,
};

/**
 * Whether the API server rejects an object without a field the OpenAPI document lists as required. A
 * boolean or a number left out decodes as its zero value, which the server's validation accepts but for
 * the few it checks (a port); NetworkPolicy's podSelector became optional in Kubernetes 1.31.
 */
function enforced(definition: string, field: string, code: string | undefined): boolean {
  if (NOT_ENFORCED[definition]?.includes(field)) return false;
  if (code !== 'b' && code !== 'i' && code !== 'n') return true;
  return ZERO_REJECTED[definition]?.includes(field) ?? false;
}

const ZERO_REJECTED: Record<string, readonly string[]> = {
  ServicePort: ['port'],
  ContainerPort: ['containerPort'],
  EndpointPort: ['port'],
};

const NOT_ENFORCED: Record<string, readonly string[]> = {
  NetworkPolicySpec: ['podSelector'],
};

export class KindTable {
  readonly kubernetes: string;
  readonly source: string;
  private readonly raw: RawTable;
  private readonly definitions: Array<ObjectDefinition | undefined> = [];
  private readonly enums: Array<FieldType | undefined> = [];

  constructor(raw: RawTable) {
    this.raw = raw;
    this.kubernetes = raw.kubernetes;
    this.source = raw.source;
  }

  /** The definition of an apiVersion and kind ("apps/v1", "Deployment"), if the release has it. */
  root(apiVersion: string, kind: string): ObjectDefinition | undefined {
    const index = this.raw.kinds[`${apiVersion}/${kind}`];
    return index === undefined ? undefined : this.definition(index);
  }

  /** Whether the release defines any kind of this API group ('' for the core group). */
  hasGroup(group: string): boolean {
    return this.groups().has(group);
  }

  /** The kinds the release serves at an apiVersion ("apps/v1"). */
  kindsAt(apiVersion: string): readonly string[] {
    return this.kindIndex().byApiVersion.get(apiVersion) ?? [];
  }

  /** The apiVersions that serve a kind ("Deployment"), oldest removed ones included. */
  apiVersionsOf(kind: string): readonly string[] {
    return this.kindIndex().byKind.get(kind) ?? [];
  }

  private kinds: { byApiVersion: Map<string, string[]>; byKind: Map<string, string[]> } | undefined;
  private kindIndex(): { byApiVersion: Map<string, string[]>; byKind: Map<string, string[]> } {
    if (!this.kinds) {
      const byApiVersion = new Map<string, string[]>();
      const byKind = new Map<string, string[]>();
      for (const key of Object.keys(this.raw.kinds)) {
        const slash = key.lastIndexOf('/');
        const apiVersion = key.slice(0, slash);
        const kind = key.slice(slash + 1);
        const kinds = byApiVersion.get(apiVersion);
        if (kinds) kinds.push(kind);
        else byApiVersion.set(apiVersion, [kind]);
        const apiVersions = byKind.get(kind);
        if (apiVersions) apiVersions.push(apiVersion);
        else byKind.set(kind, [apiVersion]);
      }
      this.kinds = { byApiVersion, byKind };
    }
    return this.kinds;
  }

  private groupSet: Set<string> | undefined;
  private groups(): Set<string> {
    if (!this.groupSet) {
      this.groupSet = new Set();
      for (const key of Object.keys(this.raw.kinds)) {
        const apiVersion = key.slice(0, key.lastIndexOf('/'));
        const slash = apiVersion.indexOf('/');
        this.groupSet.add(slash < 0 ? '' : apiVersion.slice(0, slash));
      }
    }
    return this.groupSet;
  }

  /** The definition named by the table's own name (ObjectMeta, for the metadata of custom resources). */
  definitionNamed(name: string): ObjectDefinition | undefined {
    const index = this.raw.definitions.findIndex(([candidate]) => candidate === name);
    return index < 0 ? undefined : this.definition(index);
  }

  private definition(index: number): ObjectDefinition {
    let definition = this.definitions[index];
    if (!definition) {
      const [name, codes, listed = []] = this.raw.definitions[index];
      const required = listed.filter((field) => enforced(name, field, codes[field]));
      const parsed = new Map<string, FieldType>();
      const table = this;
      definition = {
        name,
        fieldNames: Object.keys(codes),
        required,
        field(key) {
          let type = parsed.get(key);
          if (type === undefined && Object.hasOwn(codes, key)) {
            type = table.typeOf(codes[key]);
            parsed.set(key, type);
          }
          return type;
        },
      };
      this.definitions[index] = definition;
    }
    return definition;
  }

  private typeOf(code: string): FieldType {
    const scalar = SCALARS[code];
    if (scalar) return scalar;
    switch (code[0]) {
      case '[':
        return { kind: 'list', items: this.typeOf(code.slice(1)) };
      case '{':
        return { kind: 'map', values: this.typeOf(code.slice(1)) };
      case '#':
        return { kind: 'object', definition: this.definition(Number(code.slice(1))) };
      case 'e': {
        const index = Number(code.slice(1));
        let type = this.enums[index];
        if (!type) {
          type = { kind: 'enum', values: this.raw.enums[index] };
          this.enums[index] = type;
        }
        return type;
      }
    }
    return ANY;
  }
}

const tables = new Map<SchemaVersion, KindTable>();

/**
 * The table to check against for a target Kubernetes version ("1.30"): the oldest shipped release at or
 * above it, else the newest. Kinds and fields added after the target but before that release are not
 * flagged; removed APIs stay in the tables (deprecated-api-version reports them).
 */
export function kindTableFor(kubernetesVersion: string | undefined): KindTable {
  const version = schemaVersionFor(kubernetesVersion);
  let table = tables.get(version);
  if (!table) {
    table = new KindTable(rawTable(version));
    tables.set(version, table);
  }
  return table;
}

export function schemaVersionFor(kubernetesVersion: string | undefined): SchemaVersion {
  const minor = minorOf(kubernetesVersion);
  if (minor === undefined) return NEWEST_SCHEMA_VERSION;
  let chosen: SchemaVersion = NEWEST_SCHEMA_VERSION;
  for (const version of SCHEMA_VERSIONS) if ((minorOf(version) ?? 0) >= minor) chosen = version;
  return chosen;
}

function minorOf(version: string | undefined): number | undefined {
  const match = version ? /^1\.(\d+)$/.exec(version) : null;
  return match ? Number(match[1]) : undefined;
}
