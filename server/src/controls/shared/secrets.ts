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

const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;

/** True when a value holds a PEM private key (RSA, EC, OpenSSH, PKCS#8, encrypted, PGP). */
export function isPrivateKeyPem(value: string): boolean {
  return PEM_PRIVATE_KEY.test(value);
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
    const value = rawValue.replace(/\s+#.*$/, '').trim();
    if (EMPTY_VALUES.has(value) || !isLiteralValue(value.replace(/^(["'])(.*)\1$/, '$2'))) return;
    if (isSensitiveName(key)) found.push({ key, line: index });
  });
  return found;
}
