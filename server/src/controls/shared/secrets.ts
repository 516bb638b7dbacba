/**
 * Patterns for values that belong in a Secret, shared by secret-in-env and secret-in-configmap.
 *
 * Names are matched case-insensitively, as Polaris (sensitiveContainerEnvVar) and kube-linter
 * (env-var-secret) do: a substring anywhere in the name, separators ignored for the two-word terms.
 */

/** Words that make a name look secret wherever they appear in it. */
const SENSITIVE_NAME_PATTERNS: readonly RegExp[] = [
  /password/i,
  /passwd/i,
  /secret/i,
  // "token", but not "tokenizer" (TOKENIZERS_PARALLELISM is a switch, not a credential).
  /token(?!i[sz])/i,
  /bearer/i,
  /api[-_. ]?key/i,
  /private[-_. ]?key/i,
  // Cloud provider credentials.
  /^aws_secret_access_key$/i,
  /^aws_session_token$/i,
  /^google_application_credentials$/i,
  /^(?:google|gcp|gcloud|gce)_(?:.*_)?(?:credentials|sa_key|service_account_key)$/i,
  /^azure_.*(?:key|credentials?|connection_string)$/i,
  /^oci_(?:.*_)?key_content$/i,
];

/**
 * Names that point at a secret rather than hold it: PASSWORD_FILE, tokenPath, secretName, SECRET_REF.
 * The peers flag these too; the values are paths and object names, and reporting them teaches people
 * to ignore the control.
 */
const REFERENCE_SUFFIX = /(?:[-_.]?(?:file|path|dir|name|ref))$/i;

/** True when an environment variable or configuration key name looks like it holds a secret. */
export function isSensitiveName(name: string): boolean {
  if (REFERENCE_SUFFIX.test(name) && !/^google_application_credentials$/i.test(name)) return false;
  return SENSITIVE_NAME_PATTERNS.some((pattern) => pattern.test(name));
}

/**
 * A private-key marker, matched loosely: `BEGIN … PRIVATE KEY` between runs of dashes (one is enough, the
 * search is not anchored), any case, spaces or tabs between the words. It covers PEM (RSA, EC, DSA,
 * ENCRYPTED, PKCS#8 without a type), OpenSSH, SSH2 (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`) and PGP
 * (`PRIVATE KEY BLOCK`). Every quantifier is bounded and no group repeats, so a long value cannot make the
 * match backtrack: the work per starting dash is constant (linear in the value). Group 1 is the key type.
 */
const PRIVATE_KEY_MARKER =
  /-[ \t]{0,8}BEGIN[ \t]{1,8}(?:([A-Z0-9][A-Z0-9 \t]{0,40}?)[ \t]{1,8})?PRIVATE[ \t]{1,8}KEY(?:[ \t]{1,8}BLOCK)?[ \t]{0,8}-/i;

/** What kind of private key a value holds ("an OpenSSH private key"), or undefined when it holds none. */
export function privateKeyIn(value: string): string | undefined {
  if (!/private/i.test(value)) return undefined;
  const match = PRIVATE_KEY_MARKER.exec(value);
  if (!match) return undefined;
  const words = (match[1] ?? '').toUpperCase().split(/[ \t]+/);
  if (words.includes('OPENSSH')) return 'an OpenSSH private key';
  if (words.includes('SSH2')) return 'an SSH2 private key';
  if (words.includes('PGP')) return 'a PGP private key';
  return 'a PEM private key';
}

/** True when a value holds a private key (PEM, OpenSSH, PGP). */
export function isPrivateKeyPem(value: string): boolean {
  return privateKeyIn(value) !== undefined;
}

/**
 * True when a value is worth reporting: not empty, and not only a reference that something else
 * expands (`$(VAR)` in Kubernetes env, `${VAR}` in configuration files).
 */
export function isLiteralValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return false;
  return !/^(?:\$\([A-Za-z_][A-Za-z0-9_.-]*\)|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*)$/.test(trimmed);
}

export interface SensitiveAssignment {
  /** The configuration key that looks secret, e.g. spring.datasource.password. */
  key: string;
  /** 0-based line of the assignment inside the value. */
  line: number;
}

const ASSIGNMENT = /^\s*(?:export\s+)?["']?([A-Za-z0-9_.\-/[\]]+)["']?\s*(?:=|:(?=\s|$))\s*(.*)$/;
const EMPTY_VALUES = new Set(['', '""', "''", 'null', '~']);

/**
 * `key=value` and `key: value` lines of a configuration file (properties, env files, YAML, INI) whose
 * key looks secret and whose value is set. Comment lines are skipped.
 */
export function sensitiveAssignments(text: string): SensitiveAssignment[] {
  const found: SensitiveAssignment[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';') || trimmed.startsWith('//')) return;
    const match = ASSIGNMENT.exec(line);
    if (!match) return;
    const [, key, rawValue] = match;
    const value = rawValue.replace(/\s#.*$/, '').trim();
    if (EMPTY_VALUES.has(value) || !isLiteralValue(value.replace(/^(["'])(.*)\1$/, '$2'))) return;
    if (isSensitiveName(key)) found.push({ key, line: index });
  });
  return found;
}
