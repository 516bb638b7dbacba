import type { AnyControl } from '../engine/control';
import barePod from './stage2/bare-pod';
import duplicateEnvVar from './stage2/duplicate-env-var';
import duplicateObject from './stage2/duplicate-object';
import imageTagMissing from './stage2/image-tag-missing';
import invalidFieldType from './stage2/invalid-field-type';
import invalidFieldValue from './stage2/invalid-field-value';
import missingRequiredField from './stage2/missing-required-field';
import secretInConfigmap from './stage2/secret-in-configmap';
import secretInEnv from './stage2/secret-in-env';
import selectorMismatch from './stage2/selector-mismatch';
import unknownField from './stage2/unknown-field';
import hpaTargetMissing from './stage3/hpa-target-missing';
import ingressTargetsMissingService from './stage3/ingress-targets-missing-service';
import ingressWithoutTls from './stage3/ingress-without-tls';
import missingAutoscaler from './stage3/missing-autoscaler';
import missingCpuLimit from './stage3/missing-cpu-limit';
import missingCpuRequest from './stage3/missing-cpu-request';
import missingMemoryLimit from './stage3/missing-memory-limit';
import missingMemoryRequest from './stage3/missing-memory-request';
import missingMetricsScrape from './stage3/missing-metrics-scrape';
import serviceSelectsNothing from './stage3/service-selects-nothing';
import serviceTargetPortNotFound from './stage3/service-target-port-not-found';
import cronjobWithoutDeadline from './stage4/cronjob-without-deadline';
import identicalProbes from './stage4/identical-probes';
import instanceLabelMismatch from './stage4/instance-label-mismatch';
import jobWithoutTtl from './stage4/job-without-ttl';
import missingLivenessProbe from './stage4/missing-liveness-probe';
import missingReadinessProbe from './stage4/missing-readiness-probe';
import missingRecommendedLabels from './stage4/missing-recommended-labels';
import probePortNotExposed from './stage4/probe-port-not-exposed';
import pullPolicyNotAlways from './stage4/pull-policy-not-always';
import capabilitiesNotDropped from './stage5/capabilities-not-dropped';
import dangerousCapabilities from './stage5/dangerous-capabilities';
import dockerSocketMount from './stage5/docker-socket-mount';
import hostIpc from './stage5/host-ipc';
import hostNetwork from './stage5/host-network';
import hostPathVolume from './stage5/host-path-volume';
import hostPid from './stage5/host-pid';
import hostPort from './stage5/host-port';
import hostProcess from './stage5/host-process';
import hpaMaxNotAboveMin from './stage5/hpa-max-not-above-min';
import hpaMinReplicasTooLow from './stage5/hpa-min-replicas-too-low';
import linuxHardeningMissing from './stage5/linux-hardening-missing';
import missingPdb from './stage5/missing-pdb';
import missingTopologySpread from './stage5/missing-topology-spread';
import pdbBlocksEviction from './stage5/pdb-blocks-eviction';
import pdbExceedsHpaMin from './stage5/pdb-exceeds-hpa-min';
import privilegeEscalation from './stage5/privilege-escalation';
import privilegedContainer from './stage5/privileged-container';
import runAsRoot from './stage5/run-as-root';
import singleReplica from './stage5/single-replica';
import sshPortExposed from './stage5/ssh-port-exposed';
import unmaskedProcMount from './stage5/unmasked-proc-mount';
import unsafeSysctls from './stage5/unsafe-sysctls';
import writableRootFilesystem from './stage5/writable-root-filesystem';
import automountServiceAccountToken from './stage6/automount-service-account-token';
import defaultServiceAccount from './stage6/default-service-account';
import deprecatedApiVersion from './stage6/deprecated-api-version';
import missingNetworkPolicy from './stage6/missing-network-policy';
import namespaceWithoutLimitrange from './stage6/namespace-without-limitrange';
import namespaceWithoutQuota from './stage6/namespace-without-quota';
import rbacClusterAdmin from './stage6/rbac-cluster-admin';
import rbacExecAttach from './stage6/rbac-exec-attach';
import rbacSecretsAccess from './stage6/rbac-secrets-access';
import rbacWildcard from './stage6/rbac-wildcard';
import serviceAccountNotFound from './stage6/service-account-not-found';
import hpaCpuOnly from './stage7/hpa-cpu-only';
import imageNotPinnedByDigest from './stage7/image-not-pinned-by-digest';
import missingPriorityClass from './stage7/missing-priority-class';
import noBackupSchedule from './stage7/no-backup-schedule';
import noGitops from './stage7/no-gitops';
import noPolicyEngine from './stage7/no-policy-engine';

/** Every control of the catalog (../shared/spec/controls.md), in catalog order. */
export const allControls: readonly AnyControl[] = [
  // Stage 2
  barePod,
  imageTagMissing,
  secretInEnv,
  secretInConfigmap,
  duplicateEnvVar,
  selectorMismatch,
  duplicateObject,
  unknownField,
  invalidFieldType,
  invalidFieldValue,
  missingRequiredField,
  // Stage 3
  missingCpuRequest,
  missingMemoryRequest,
  missingCpuLimit,
  missingMemoryLimit,
  serviceSelectsNothing,
  serviceTargetPortNotFound,
  ingressTargetsMissingService,
  ingressWithoutTls,
  missingAutoscaler,
  hpaTargetMissing,
  missingMetricsScrape,
  // Stage 4
  missingLivenessProbe,
  missingReadinessProbe,
  probePortNotExposed,
  identicalProbes,
  pullPolicyNotAlways,
  instanceLabelMismatch,
  missingRecommendedLabels,
  jobWithoutTtl,
  cronjobWithoutDeadline,
  // Stage 5
  runAsRoot,
  privilegeEscalation,
  privilegedContainer,
  writableRootFilesystem,
  dangerousCapabilities,
  capabilitiesNotDropped,
  linuxHardeningMissing,
  hostNetwork,
  hostPid,
  hostIpc,
  hostPathVolume,
  dockerSocketMount,
  hostPort,
  hostProcess,
  unmaskedProcMount,
  unsafeSysctls,
  sshPortExposed,
  singleReplica,
  missingPdb,
  pdbBlocksEviction,
  missingTopologySpread,
  hpaMinReplicasTooLow,
  hpaMaxNotAboveMin,
  pdbExceedsHpaMin,
  // Stage 6
  missingNetworkPolicy,
  automountServiceAccountToken,
  defaultServiceAccount,
  serviceAccountNotFound,
  rbacExecAttach,
  rbacClusterAdmin,
  rbacWildcard,
  rbacSecretsAccess,
  namespaceWithoutQuota,
  namespaceWithoutLimitrange,
  deprecatedApiVersion,
  // Stage 7
  missingPriorityClass,
  imageNotPinnedByDigest,
  hpaCpuOnly,
  noPolicyEngine,
  noGitops,
  noBackupSchedule,
] as AnyControl[];
