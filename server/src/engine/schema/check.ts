import { isAlias, isMap, isPair, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../control';
import { editDistance } from '../misspelling';
import { getPair, isMergePair, keySpan, keyText, mergeBoundExceeded, nodeSpan, type YPair } from '../nodes';
import { describeReading, isWholeNumber, kubectlReading, plainText, type ReadAs } from './scalars';
import type { FieldType, ObjectDefinition } from './types';

const SCHEMA_CONTROLS = [
  'unknown-field',
  'invalid-field-type',
  'invalid-field-value',
  'missing-required-field',
] as const;
export type SchemaControlId = (typeof SCHEMA_CONTROLS)[number];
export const SCHEMA_CONTROL_IDS: ReadonlySet<string> = new Set(SCHEMA_CONTROLS);

/** A minimal text edit that repairs a problem without changing what the author meant. */
export interface SchemaFix {
  start: number;
  end: number;
  newText: string;
  title: string;
  /** Why the fix changes how the workload runs (it is then a review fix), if it does. */
  changesBehaviour?: string;
}

export interface SchemaProblem {
  control: SchemaControlId;
  message: string;
  /** Undefined: the object's own anchor (a required field missing at its root). */
  at?: Span;
  fix?: SchemaFix;
  /** Why no fix is offered, when one could be expected. */
  withheld?: string;
  /** For an unknown field: the mapping and key, and the fields it is likely a misspelling of. */
  unknown?: { map: YAMLMap; key: string; suggestions: readonly string[] };
}

/** Deeper than this, a document is not walked further (no manifest nests so deep). */
const MAX_DEPTH = 100;
/** Did-you-mean lists name at most this many fields or values. */
const MAX_SUGGESTIONS = 3;
const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?$/;

/**
 * Fields the API server's validation requires though the OpenAPI schema leaves them optional (so that a
 * tool may fill them in): a container's image.
 */
const REQUIRED_BY_VALIDATION: Record<string, readonly string[]> = {
  Container: ['image'],
};

/**
 * Fields that switch a pod's privileges or isolation on or off: a fix renaming a misspelt one says so in
 * its title (a client that does not validate strictly dropped it; renamed, the privilege is granted).
 */
const PRIVILEGE_FIELDS = new Set([
  'add',
  'allowPrivilegeEscalation',
  'appArmorProfile',
  'automountServiceAccountToken',
  'capabilities',
  'drop',
  'fsGroup',
  'hostIPC',
  'hostNetwork',
  'hostPath',
  'hostPID',
  'hostPort',
  'hostUsers',
  'privileged',
  'procMount',
  'readOnlyRootFilesystem',
  'runAsGroup',
  'runAsNonRoot',
  'runAsUser',
  'seccompProfile',
  'securityContext',
  'seLinuxOptions',
  'serviceAccount',
  'serviceAccountName',
  'shareProcessNamespace',
  'supplementalGroups',
  'sysctls',
  'windowsOptions',
]);

/** Fields an API version moved when it replaced an older one: where they are now. */
const MOVED_FIELDS: Record<string, Record<string, string>> = {
  IngressBackend: {
    serviceName: 'networking.k8s.io/v1 moved it to service.name',
    servicePort: 'networking.k8s.io/v1 moved it to service.port.number (or service.port.name)',
  },
  IngressSpec: { backend: 'networking.k8s.io/v1 renamed it defaultBackend' },
};

/**
 * Int-or-string fields whose string is a port name (IANA_SVC_NAME: lower-case letters, digits and single
 * inner hyphens, at most 15, with at least one letter), by the definition that has them.
 */
const PORT_NAME_FIELDS: Record<string, string> = {
  HTTPGetAction: 'port',
  TCPSocketAction: 'port',
  ServicePort: 'targetPort',
  NetworkPolicyPort: 'port',
};
const PORT_NAME = /^(?=.*[a-z])[a-z0-9](?:-?[a-z0-9]){0,14}$/;

/**
 * Checks an object against its definition, as the API server decodes it with strict field validation
 * (kubectl's default): keys it does not know, values of the wrong type or outside an enum, required
 * fields absent. A root `status` is not checked (the server ignores it on create), nor `null` values
 * (unset), aliases (checked where their anchor is), `$` directives and unrendered `{{ }}` templates.
 */
export function checkAgainst(node: YAMLMap, root: ObjectDefinition): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  checkMap(node, root, problems, 0, undefined, true);
  return problems;
}

function checkMap(
  map: YAMLMap,
  definition: ObjectDefinition,
  problems: SchemaProblem[],
  depth: number,
  owner: YPair | undefined,
  isRoot = false,
): void {
  if (depth > MAX_DEPTH) return;
  const present = new Set<string>();
  let merges = false;
  const unknown: SchemaProblem[] = [];
  // Every key of the mapping, read once when a rename needs to know a field is not there yet.
  let keys: Set<string> | undefined;
  const hasKey = (key: string) => {
    keys ??= new Set(map.items.flatMap((item) => (isPair(item) ? [keyText(item) ?? ''] : [])));
    return keys.has(key) || (merges && getPair(map, key) !== undefined);
  };
  for (const item of map.items) {
    if (!isPair(item)) continue;
    if (isMergePair(item)) {
      merges = true;
      continue;
    }
    const key = keyText(item);
    if (key === undefined) continue;
    present.add(key);
    if (key.startsWith('$') || key.includes('{{')) continue;
    if (isRoot && key === 'status') continue;
    const type = definition.field(key);
    if (type === undefined) {
      if (!definition.open) unknown.push(unknownField(map, item, key, definition, hasKey));
      continue;
    }
    if (PORT_NAME_FIELDS[definition.name] === key && isScalar(item.value)) {
      const problem = portNameProblem(item.value, key);
      if (problem) {
        problems.push(problem);
        continue;
      }
    }
    checkValue(item.value, type, problems, depth + 1, item, key);
  }
  problems.push(...withoutRivalRenames(unknown));
  // Merges cut short (too many, too deep) leave fields unread: none is reported missing.
  if (merges && mergeBoundExceeded(map)) return;
  const required = [...definition.required, ...(REQUIRED_BY_VALIDATION[definition.name] ?? [])];
  for (const field of required) {
    if (present.has(field) || (merges && getPair(map, field))) continue;
    problems.push({
      control: 'missing-required-field',
      message: `${definition.name} has no ${field}, which is required`,
      at: isRoot ? undefined : collectionAnchor(map, owner),
    });
  }
}

function checkValue(
  value: unknown,
  type: FieldType,
  problems: SchemaProblem[],
  depth: number,
  pair: YPair | undefined,
  field: string,
): void {
  if (value === null || value === undefined || isAlias(value) || type.kind === 'any') return;
  if (isScalar(value)) {
    checkScalar(value, type, problems, pair, field);
    return;
  }
  const at = collectionAnchor(value, pair);
  switch (type.kind) {
    case 'object':
      if (isMap(value)) checkMap(value, type.definition, problems, depth, pair);
      else problems.push(wrongCollection(field, `a mapping (${type.definition.name})`, 'a list', at));
      return;
    case 'list':
      if (isSeq(value)) {
        value.items.forEach((item, position) => {
          checkValue(item, type.items, problems, depth + 1, undefined, `${field}[${position}]`);
        });
      } else problems.push(wrongCollection(field, 'a list', 'a mapping', at));
      return;
    case 'map':
      if (isMap(value)) {
        for (const item of value.items) {
          if (!isPair(item) || isMergePair(item)) continue;
          checkValue(item.value, type.values, problems, depth + 1, item, `${field}.${keyText(item) ?? '?'}`);
        }
      } else problems.push(wrongCollection(field, 'a mapping', 'a list', at));
      return;
    default:
      problems.push(wrongCollection(field, expected(type), isSeq(value) ? 'a list' : 'a mapping', at));
  }
}

function checkScalar(
  scalar: Scalar,
  type: FieldType,
  problems: SchemaProblem[],
  pair: YPair | undefined,
  field: string,
): void {
  const reading = kubectlReading(scalar);
  if (reading === 'null') return;
  const text = plainText(scalar);
  if (text.includes('{{')) return;
  const at = nodeSpan(scalar);
  const wrongType = (fix?: SchemaFix): void => {
    problems.push({
      control: 'invalid-field-type',
      message: `${field}: expected ${expected(type)}, got ${describeReading(reading, scalar)}`,
      at,
      fix,
    });
  };
  switch (type.kind) {
    case 'string':
    case 'timestamp':
      if (reading !== 'string') wrongType(quoted(scalar, field, at));
      return;
    case 'enum': {
      if (reading !== 'string') {
        wrongType();
        return;
      }
      const value = String(scalar.value);
      // An empty string is the field unset: the API server defaults it (a policy, a protocol, a type).
      if (value !== '' && !type.values.includes(value))
        problems.push(invalidEnumValue(scalar, value, type.values, field, at));
      return;
    }
    case 'integer':
      if (reading === 'integer' || (reading === 'float' && isWholeNumber(scalar))) return;
      wrongType(reading === 'string' ? unquotedNumber(scalar, field, at, /^[-+]?[0-9]+$/) : undefined);
      return;
    case 'number':
      if (reading === 'integer' || reading === 'float') return;
      wrongType(
        reading === 'string'
          ? unquotedNumber(scalar, field, at, /^[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$/)
          : undefined,
      );
      return;
    case 'boolean':
      if (reading === 'boolean') return;
      wrongType(reading === 'string' ? unquotedBoolean(scalar, field, at) : undefined);
      return;
    case 'intOrString':
      if (reading === 'integer' || reading === 'string' || (reading === 'float' && isWholeNumber(scalar)))
        return;
      // A boolean says neither which number nor which name was meant: no fix.
      wrongType();
      return;
    case 'quantity': {
      if (reading === 'integer' || reading === 'float') return;
      if (reading !== 'string') {
        wrongType();
        return;
      }
      const value = String(scalar.value);
      // The API server trims a quantity before parsing it.
      if (!QUANTITY.test(value.trim())) problems.push(invalidQuantity(scalar, value, field, at));
      return;
    }
    default:
      // A scalar where a mapping or a list belongs.
      problems.push({
        control: 'invalid-field-type',
        message: `${field}: expected ${expected(type)}, got ${describeReading(reading, scalar)}`,
        at: pair ? (keySpan(pair) ?? at) : at,
      });
  }
}

function expected(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return 'a string';
    case 'timestamp':
      return 'a timestamp string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'intOrString':
      return 'an integer or a string';
    case 'quantity':
      return 'a quantity (a number or a string such as 500m or 128Mi)';
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'object':
      return `a mapping (${type.definition.name})`;
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
    case 'any':
      return 'a value';
  }
}

function wrongCollection(field: string, wanted: string, got: string, at: Span | undefined): SchemaProblem {
  return { control: 'invalid-field-type', message: `${field}: expected ${wanted}, got ${got}`, at };
}

function unknownField(
  map: YAMLMap,
  pair: YPair,
  key: string,
  definition: ObjectDefinition,
  hasKey: (key: string) => boolean,
): SchemaProblem {
  const suggestions = closest(key, definition.fieldNames);
  const at = keySpan(pair);
  let fix: SchemaFix | undefined;
  let withheld: string | undefined;
  if (suggestions.length === 1) {
    const [target] = suggestions;
    const keyNode = pair.key;
    const misfit = misfitOf(pair.value, definition.field(target)!);
    if (hasKey(target)) withheld = `the mapping already has ${target}`;
    else if (misfit) withheld = `its value is not what ${target} takes (${misfit}): rename it yourself`;
    else if (isScalar(keyNode) && at)
      fix = {
        ...replacedKeepingQuotes(keyNode, at, target),
        title: `Rename ${key} to ${target}`,
        // Every rename is a review fix (the control's class); a privilege's says which.
        changesBehaviour: PRIVILEGE_FIELDS.has(target)
          ? `${target} sets privileges: a lenient client dropped ${key}; renamed, it takes effect`
          : undefined,
      };
  } else if (suggestions.length > 1) {
    withheld = `${suggestions.join(' and ')} are both close: choose one`;
  }
  const moved = MOVED_FIELDS[definition.name]?.[key];
  const hint = moved
    ? `; ${moved}`
    : suggestions.length > 0
      ? `; did you mean ${suggestions.map((name) => `"${name}"`).join(' or ')}?`
      : '';
  return {
    control: 'unknown-field',
    message: `"${key}" is not a field of ${definition.name}${hint}`,
    at,
    fix,
    withheld,
    unknown: { map, key, suggestions },
  };
}

function invalidEnumValue(
  scalar: Scalar,
  value: string,
  allowed: readonly string[],
  field: string,
  at: Span | undefined,
): SchemaProblem {
  const suggestions = closest(value, allowed);
  const caseOnly = allowed.filter((candidate) => candidate.toLowerCase() === value.toLowerCase());
  const hint =
    suggestions.length > 0 ? `; did you mean ${suggestions.map((name) => `"${name}"`).join(' or ')}?` : '';
  return {
    control: 'invalid-field-value',
    message: `${field}: "${value}" is not one of ${allowed.join(', ')}${hint}`,
    at,
    fix:
      caseOnly.length === 1 && at
        ? { ...replacedKeepingQuotes(scalar, at, caseOnly[0]), title: `Write ${field}: ${caseOnly[0]}` }
        : undefined,
    withheld:
      caseOnly.length !== 1 && suggestions.length > 0
        ? `"${value}" differs from ${suggestions.map((name) => `"${name}"`).join(' and ')} by more than case: write the value meant`
        : undefined,
  };
}

/**
 * What makes a value unfit for a field a misspelt key would be renamed to: its shape (a scalar, a list,
 * a mapping) or, for a scalar, its type. Undefined when it fits.
 */
function misfitOf(value: unknown, type: FieldType): string | undefined {
  if (value === null || value === undefined || isAlias(value) || type.kind === 'any') return undefined;
  if (isScalar(value)) {
    const found: SchemaProblem[] = [];
    checkScalar(value, type, found, undefined, 'it');
    return found.find((problem) => problem.control === 'invalid-field-type')?.message.replace(/^it: /, '');
  }
  const wanted =
    type.kind === 'object' || type.kind === 'map' ? 'mapping' : type.kind === 'list' ? 'list' : 'scalar';
  const got = isSeq(value) ? 'list' : isMap(value) ? 'mapping' : 'scalar';
  return wanted === got ? undefined : `expected a ${wanted}, got a ${got}`;
}

/** Two misspellings of one field (`Image` and `imgae`): renaming either is a choice, so neither is fixed. */
function withoutRivalRenames(unknown: SchemaProblem[]): SchemaProblem[] {
  const byTarget = new Map<string, string[]>();
  for (const problem of unknown) {
    const target = problem.unknown?.suggestions.length === 1 ? problem.unknown.suggestions[0] : undefined;
    if (!target) continue;
    const rivals = byTarget.get(target);
    if (rivals) rivals.push(problem.unknown!.key);
    else byTarget.set(target, [problem.unknown!.key]);
  }
  const named = new Map<string, string>();
  return unknown.map((problem) => {
    const target = problem.unknown?.suggestions.length === 1 ? problem.unknown.suggestions[0] : undefined;
    const rivals = target ? byTarget.get(target)! : [];
    if (rivals.length < 2) return problem;
    let names = named.get(target!);
    if (names === undefined) {
      const listed = rivals.slice(0, MAX_SUGGESTIONS);
      names =
        rivals.length === 2
          ? `${rivals[0]} and ${rivals[1]} are both`
          : rivals.length <= MAX_SUGGESTIONS
            ? `${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]} are all`
            : `${listed.join(', ')} and ${rivals.length - MAX_SUGGESTIONS} more are all`;
      named.set(target!, names);
    }
    return { ...problem, fix: undefined, withheld: `${names} misspellings of ${target}: keep the one meant` };
  });
}

/** A port field's string that is not a port name; `"8080"` is the number, quoted: unquoted, it is a port. */
function portNameProblem(scalar: Scalar, field: string): SchemaProblem | undefined {
  if (kubectlReading(scalar) !== 'string' || typeof scalar.value !== 'string') return undefined;
  const value = scalar.value;
  if (value.includes('{{') || (value.length <= 15 && PORT_NAME.test(value))) return undefined;
  const at = nodeSpan(scalar);
  const number = /^[0-9]{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535;
  return {
    control: 'invalid-field-value',
    message: number
      ? `${field}: "${value}" is a port name, quoted, and a port name needs a letter; did you mean the port number ${value}?`
      : `${field}: "${value}" is not a port name (at most 15 lower-case letters, digits and inner hyphens, with a letter) nor a number`,
    at,
    fix: number ? unquotedNumber(scalar, field, at, /^[0-9]+$/) : undefined,
  };
}

const QUANTITY_SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E'];

/** A quantity written with a suffix in the wrong case (`1mi`) or a byte unit (`512MB`): the ones meant. */
function invalidQuantity(scalar: Scalar, value: string, field: string, at: Span | undefined): SchemaProblem {
  const shape = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([a-zA-Z]{1,3})$/.exec(value);
  let meant: string[] = [];
  if (shape) {
    const [, number, suffix] = shape;
    const unit = suffix.length > 1 && /b$/i.test(suffix) ? suffix.slice(0, -1) : suffix;
    const sameCase = QUANTITY_SUFFIXES.filter((known) => known.toLowerCase() === unit.toLowerCase());
    const candidates =
      unit !== suffix
        ? QUANTITY_SUFFIXES.filter(
            (known) => known.toLowerCase().startsWith(unit.toLowerCase()) && known !== 'm',
          )
        : sameCase;
    meant = candidates.map((known) => `${number}${known}`);
  }
  const hint =
    meant.length > 0
      ? `; did you mean ${meant.map((text) => `"${text}"`).join(' or ')}?`
      : ' (write it as 500m, 0.5, 128Mi or 1G)';
  return {
    control: 'invalid-field-value',
    message: `${field}: "${value}" is not a quantity${hint}`,
    at,
    fix:
      meant.length === 1 && at
        ? { ...replacedKeepingQuotes(scalar, at, meant[0]), title: `Write ${field}: ${meant[0]}` }
        : undefined,
    withheld: meant.length > 1 ? `${meant.join(' and ')} differ: write the one meant` : undefined,
  };
}

/**
 * The known names close to `written`: the same but for case, else within the edit distance a typo makes
 * (one edit, two for names of ten characters or more; transpositions count one), nearest first.
 */
export function closest(written: string, known: readonly string[]): string[] {
  if (written.length > 64) return [];
  const lower = written.toLowerCase();
  const sameCase = known.filter((name) => name.toLowerCase() === lower);
  if (sameCase.length > 0) return sameCase.slice(0, MAX_SUGGESTIONS);
  const limit = written.length >= 10 ? 2 : written.length >= 4 ? 1 : 0;
  if (limit === 0) return [];
  const scored: Array<[string, number]> = [];
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase(), limit);
    if (distance <= limit) scored.push([name, distance]);
  }
  scored.sort((a, b) => a[1] - b[1]);
  const best = scored[0]?.[1];
  return scored
    .filter(([, distance]) => distance === best)
    .map(([name]) => name)
    .slice(0, MAX_SUGGESTIONS);
}

export function replacedKeepingQuotes(scalar: Scalar, at: Span, text: string): Omit<SchemaFix, 'title'> {
  const newText =
    scalar.type === 'QUOTE_DOUBLE'
      ? JSON.stringify(text)
      : scalar.type === 'QUOTE_SINGLE'
        ? `'${text.replaceAll("'", "''")}'`
        : text;
  return { start: at[0], end: at[1], newText };
}

/** `"3"` where an integer belongs: the number, unquoted. */
function unquotedNumber(
  scalar: Scalar,
  field: string,
  at: Span | undefined,
  shape: RegExp,
): SchemaFix | undefined {
  const value = typeof scalar.value === 'string' ? scalar.value.trim() : undefined;
  if (!at || value === undefined || !shape.test(value) || !isQuoted(scalar)) return undefined;
  const number = value.replace(/^\+/, '');
  return {
    start: at[0],
    end: at[1],
    newText: number,
    title: `Write ${field}: ${number} as a number, unquoted`,
  };
}

/** `"true"` where a boolean belongs: the boolean, unquoted. */
function unquotedBoolean(scalar: Scalar, field: string, at: Span | undefined): SchemaFix | undefined {
  const value = typeof scalar.value === 'string' ? scalar.value.trim().toLowerCase() : undefined;
  if (!at || (value !== 'true' && value !== 'false') || !isQuoted(scalar)) return undefined;
  return {
    start: at[0],
    end: at[1],
    newText: value,
    title: `Write ${field}: ${value} as a boolean, unquoted`,
  };
}

/** `8080` or `yes` where a string belongs: the same text, quoted, so that kubectl reads a string. */
function quoted(scalar: Scalar, field: string, at: Span | undefined): SchemaFix | undefined {
  if (!at || scalar.type !== 'PLAIN') return undefined;
  const text = plainText(scalar);
  if (text === '' || /[\r\n]/.test(text)) return undefined;
  return {
    start: at[0],
    end: at[1],
    newText: JSON.stringify(text),
    title: `Quote ${field}: "${text}" as a string`,
  };
}

function isQuoted(scalar: Scalar): boolean {
  return scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
}

/** Where a problem with a whole mapping or list is shown: its key, else its first line. */
function collectionAnchor(value: unknown, pair: YPair | undefined): Span | undefined {
  if (pair) return keySpan(pair) ?? nodeSpan(value);
  if (isMap(value)) {
    const first = value.items.find(isPair);
    if (first) return keySpan(first);
  }
  return nodeSpan(value);
}

export type { ReadAs };
