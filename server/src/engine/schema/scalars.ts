import type { Scalar } from 'yaml';

/**
 * What a scalar is once kubectl has read it: kubectl (sigs.k8s.io/yaml) converts YAML to JSON with the
 * YAML 1.1 rules of go-yaml v2, so `yes`, `on` and `y` are booleans and `0x1F` an integer, while the
 * YAML 1.2 reading of this project's parser takes them as strings. Quoted and block scalars are strings.
 */
export type ReadAs = 'null' | 'boolean' | 'integer' | 'float' | 'string';

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const BOOLEANS = new Set(
  'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF'.split(' '),
);
const TRUE = new Set('y Y yes Yes YES true True TRUE on On ON'.split(' '));
const INTEGER = /^[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|0|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export function kubectlReading(scalar: Scalar): ReadAs {
  const tag = scalar.tag;
  if (tag === 'tag:yaml.org,2002:str') return 'string';
  if (tag === 'tag:yaml.org,2002:int') return 'integer';
  if (tag === 'tag:yaml.org,2002:float') return 'float';
  if (tag === 'tag:yaml.org,2002:bool') return 'boolean';
  if (tag === 'tag:yaml.org,2002:null') return 'null';
  if (scalar.type !== 'PLAIN') return scalar.value === null ? 'null' : 'string';
  const source = plainText(scalar);
  if (NULLS.has(source)) return 'null';
  if (BOOLEANS.has(source)) return 'boolean';
  const digits = source.replaceAll('_', '');
  if (INTEGER.test(digits)) return 'integer';
  if (FLOAT.test(digits) || SPECIAL_FLOAT.test(source)) {
    const value = Number(digits);
    return Number.isInteger(value) && !/[.eE]/.test(digits) ? 'integer' : 'float';
  }
  return 'string';
}

/** The boolean kubectl reads from a plain scalar it reads as one. */
export function kubectlBoolean(scalar: Scalar): boolean {
  return TRUE.has(plainText(scalar));
}

/** Whether a float kubectl reads is a whole number (`3.0`, `1e3`), which an integer field accepts. */
export function isWholeNumber(scalar: Scalar): boolean {
  const value = Number(plainText(scalar).replaceAll('_', ''));
  return Number.isFinite(value) && Number.isInteger(value);
}

/** The scalar's text as written (a plain scalar's source; the value for others). */
export function plainText(scalar: Scalar): string {
  const source = (scalar as Scalar & { source?: string }).source;
  if (typeof source === 'string') return source;
  return scalar.value === null || scalar.value === undefined ? '' : String(scalar.value);
}

export function describeReading(reading: ReadAs, scalar: Scalar): string {
  const text = plainText(scalar);
  switch (reading) {
    case 'boolean':
      return `the boolean ${text}`;
    case 'integer':
      return `the integer ${text}`;
    case 'float':
      return `the number ${text}`;
    case 'string':
      return `the string ${JSON.stringify(typeof scalar.value === 'string' ? scalar.value : text)}`;
    case 'null':
      return 'null';
  }
}
