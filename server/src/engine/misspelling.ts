/**
 * Field names of the Kubernetes API that sit close to each other (`minReplicas`, `maxReplicas`): an
 * existing key that is one of them is a real field, never a misspelling.
 */
const KNOWN_FIELDS = new Set(
  (
    'apiVersion kind metadata spec status name names namespace labels annotations data stringData ' +
    'replicas minReplicas maxReplicas maxUnavailable minAvailable maxSurge minReadySeconds selector template ' +
    'strategy updateStrategy revisionHistoryLimit progressDeadlineSeconds paused serviceName podManagementPolicy ' +
    'volumeClaimTemplates containers initContainers ephemeralContainers image imagePullPolicy imagePullSecrets ' +
    'command args workingDir env envFrom value values valueFrom key keys path paths port ports containerPort ' +
    'targetPort nodePort hostPort hostIP hostPID hostIPC hostNetwork hostUsers hostname hostAliases protocol ' +
    'resources limits requests cpu memory livenessProbe readinessProbe startupProbe periodSeconds timeoutSeconds ' +
    'successThreshold failureThreshold initialDelaySeconds terminationGracePeriodSeconds exec httpGet tcpSocket ' +
    'grpc scheme httpHeaders host hosts securityContext runAsUser runAsGroup runAsNonRoot fsGroup ' +
    'supplementalGroups privileged allowPrivilegeEscalation readOnlyRootFilesystem capabilities add drop ' +
    'procMount seccompProfile seLinuxOptions appArmorProfile windowsOptions sysctls serviceAccount ' +
    'serviceAccountName automountServiceAccountToken priority priorityClassName schedulerName runtimeClassName ' +
    'topologySpreadConstraints affinity tolerations nodeSelector nodeName dnsPolicy dnsConfig subdomain ' +
    'restartPolicy volumes volumeMounts lifecycle stdin tty type types metrics behavior scaleTargetRef ' +
    'activeDeadlineSeconds startingDeadlineSeconds ttlSecondsAfterFinished backoffLimit completions parallelism ' +
    'suspend schedule jobTemplate concurrencyPolicy successfulJobsHistoryLimit failedJobsHistoryLimit tls rules ' +
    'backend defaultBackend service servicePort overhead os shareProcessNamespace enableServiceLinks ' +
    'preemptionPolicy readinessGates resourceClaims schedulingGates setHostnameAsFQDN'
  ).split(' '),
);

/** Keys longer than this are never compared (edit distance is quadratic in the key's length). */
const MAX_KEY_LENGTH = 64;

/**
 * Optimal string alignment distance (Levenshtein with adjacent transpositions), or `limit + 1` as soon as
 * the distance is known to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The existing key that is likely a misspelling of `intended` (`resouces` for `resources`,
 * `ImagePullPolicy` for `imagePullPolicy`): the same but for case, or within one edit (two for keys of
 * ten characters or more), and not itself a known field name. Short keys are only compared by case.
 */
export function likelyMisspellingOf(intended: string, existing: Iterable<string>): string | undefined {
  if (intended.length > MAX_KEY_LENGTH) return undefined;
  const target = intended.toLowerCase();
  const limit = target.length >= 10 ? 2 : target.length >= 5 ? 1 : 0;
  for (const key of existing) {
    if (key === intended || key.length > MAX_KEY_LENGTH || KNOWN_FIELDS.has(key)) continue;
    const candidate = key.toLowerCase();
    if (candidate === target) return key;
    if (limit > 0 && editDistance(candidate, target, limit) <= limit) return key;
  }
  return undefined;
}
