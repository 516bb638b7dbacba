import { NEWEST_SCHEMA_VERSION } from '../../engine/schema/table';
/**
 * Deprecated and removed Kubernetes apiVersion/kind pairs, after the Kubernetes deprecated API migration guide.
 * `schemaUnchanged` is true only where the guide lists no notable change between the old version and the
 * replacement, so that rewriting the apiVersion alone gives an equivalent object.
 */
export interface DeprecatedApi {
  /** group/version as written in manifests ("v1" for the core group). */
  apiVersion: string;
  kind: string;
  /** Kubernetes minor version ("1.16") from which the API is deprecated. */
  deprecatedIn: string;
  /** The version that no longer serves it; absent while it is still served. */
  removedIn?: string;
  /** The apiVersion to migrate to; absent when there is no replacement. */
  replacement?: string;
  /** The kind to migrate to when it differs (Endpoints → EndpointSlice). */
  replacementKind?: string;
  /** True when only the apiVersion has to change, so that the replacement can be applied automatically. */
  schemaUnchanged: boolean;
  /** What to do when there is no replacement API. */
  note?: string;
}

interface Group {
  apiVersions: string[];
  kinds: string[];
  deprecatedIn: string;
  removedIn?: string;
  replacement?: string;
  replacementKind?: string;
  schemaUnchanged: boolean;
  note?: string;
}

const GROUPS: Group[] = [
  // 1.16
  {
    apiVersions: ['extensions/v1beta1'],
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'apps/v1',
    schemaUnchanged: false, // spec.selector becomes required and immutable, defaults change
  },
  {
    apiVersions: ['apps/v1beta1'],
    kinds: ['Deployment', 'StatefulSet', 'ControllerRevision'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'apps/v1',
    schemaUnchanged: false,
  },
  {
    apiVersions: ['apps/v1beta2'],
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'apps/v1',
    schemaUnchanged: false,
  },
  {
    apiVersions: ['extensions/v1beta1'],
    kinds: ['NetworkPolicy'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'networking.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['extensions/v1beta1'],
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: '1.10',
    removedIn: '1.16',
    replacement: 'policy/v1beta1',
    schemaUnchanged: true,
  },
  // 1.22
  {
    apiVersions: ['extensions/v1beta1'],
    kinds: ['Ingress'],
    deprecatedIn: '1.14',
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
    schemaUnchanged: false, // backend.serviceName/servicePort become backend.service, pathType required
  },
  {
    apiVersions: ['networking.k8s.io/v1beta1'],
    kinds: ['Ingress'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
    schemaUnchanged: false,
  },
  {
    apiVersions: ['networking.k8s.io/v1beta1'],
    kinds: ['IngressClass'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1'],
    kinds: ['Role', 'ClusterRole'],
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['rbac.authorization.k8s.io/v1beta1'],
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['rbac.authorization.k8s.io/v1alpha1'],
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
    schemaUnchanged: false, // v1alpha1 subjects carry apiVersion where v1 has apiGroup
  },
  {
    apiVersions: ['apiextensions.k8s.io/v1beta1'],
    kinds: ['CustomResourceDefinition'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'apiextensions.k8s.io/v1',
    schemaUnchanged: false, // spec.version and spec.validation become spec.versions[].schema
  },
  {
    apiVersions: ['admissionregistration.k8s.io/v1beta1'],
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
    schemaUnchanged: false, // sideEffects and admissionReviewVersions required, defaults change
  },
  {
    apiVersions: ['scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1alpha1'],
    kinds: ['PriorityClass'],
    deprecatedIn: '1.14',
    removedIn: '1.22',
    replacement: 'scheduling.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['storage.k8s.io/v1beta1'],
    kinds: ['CSINode'],
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['storage.k8s.io/v1beta1'],
    kinds: ['CSIDriver', 'StorageClass', 'VolumeAttachment'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['coordination.k8s.io/v1beta1'],
    kinds: ['Lease'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'coordination.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['certificates.k8s.io/v1beta1'],
    kinds: ['CertificateSigningRequest'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'certificates.k8s.io/v1',
    schemaUnchanged: false, // spec.signerName required, usages restricted
  },
  {
    apiVersions: ['apiregistration.k8s.io/v1beta1'],
    kinds: ['APIService'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'apiregistration.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['authentication.k8s.io/v1beta1'],
    kinds: ['TokenReview'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'authentication.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['authorization.k8s.io/v1beta1'],
    kinds: ['SubjectAccessReview', 'LocalSubjectAccessReview'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
    schemaUnchanged: false, // spec.group is renamed spec.groups
  },
  {
    apiVersions: ['authorization.k8s.io/v1beta1'],
    kinds: ['SelfSubjectAccessReview', 'SelfSubjectRulesReview'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
    schemaUnchanged: true,
  },
  // 1.25
  {
    apiVersions: ['batch/v1beta1'],
    kinds: ['CronJob'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'batch/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['policy/v1beta1'],
    kinds: ['PodDisruptionBudget'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'policy/v1',
    // The catalog treats it as unchanged; note that an empty spec.selector selects every pod in policy/v1.
    schemaUnchanged: true,
  },
  {
    apiVersions: ['policy/v1beta1'],
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    schemaUnchanged: false,
    note: 'use Pod Security Admission (pod-security.kubernetes.io namespace labels) or a policy engine',
  },
  {
    apiVersions: ['autoscaling/v2beta1'],
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.22',
    removedIn: '1.25',
    replacement: 'autoscaling/v2',
    schemaUnchanged: false, // targetAverageUtilization becomes target.averageUtilization
  },
  {
    apiVersions: ['discovery.k8s.io/v1beta1'],
    kinds: ['EndpointSlice'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'discovery.k8s.io/v1',
    schemaUnchanged: false, // topology becomes zone and nodeName
  },
  {
    apiVersions: ['events.k8s.io/v1beta1'],
    kinds: ['Event'],
    deprecatedIn: '1.19',
    removedIn: '1.25',
    replacement: 'events.k8s.io/v1',
    schemaUnchanged: false, // type limited to Normal and Warning, involvedObject renamed regarding
  },
  {
    apiVersions: ['node.k8s.io/v1beta1'],
    kinds: ['RuntimeClass'],
    deprecatedIn: '1.22',
    removedIn: '1.25',
    replacement: 'node.k8s.io/v1',
    schemaUnchanged: true,
  },
  // 1.26
  {
    apiVersions: ['autoscaling/v2beta2'],
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.23',
    removedIn: '1.26',
    replacement: 'autoscaling/v2',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['flowcontrol.apiserver.k8s.io/v1beta1'],
    kinds: ['FlowSchema'],
    deprecatedIn: '1.23',
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['flowcontrol.apiserver.k8s.io/v1beta1'],
    kinds: ['PriorityLevelConfiguration'],
    deprecatedIn: '1.23',
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    schemaUnchanged: false, // assuredConcurrencyShares is renamed nominalConcurrencyShares
  },
  // 1.27
  {
    apiVersions: ['storage.k8s.io/v1beta1'],
    kinds: ['CSIStorageCapacity'],
    deprecatedIn: '1.24',
    removedIn: '1.27',
    replacement: 'storage.k8s.io/v1',
    schemaUnchanged: true,
  },
  // 1.29
  {
    apiVersions: ['flowcontrol.apiserver.k8s.io/v1beta2'],
    kinds: ['FlowSchema'],
    deprecatedIn: '1.26',
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['flowcontrol.apiserver.k8s.io/v1beta2'],
    kinds: ['PriorityLevelConfiguration'],
    deprecatedIn: '1.26',
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    schemaUnchanged: false,
  },
  // 1.32
  {
    apiVersions: ['flowcontrol.apiserver.k8s.io/v1beta3'],
    kinds: ['FlowSchema'],
    deprecatedIn: '1.29',
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    schemaUnchanged: true,
  },
  {
    apiVersions: ['flowcontrol.apiserver.k8s.io/v1beta3'],
    kinds: ['PriorityLevelConfiguration'],
    deprecatedIn: '1.29',
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    schemaUnchanged: false, // nominalConcurrencyShares: 0 is no longer defaulted to 30
  },
  // Deprecated, still served
  {
    apiVersions: ['v1'],
    kinds: ['Endpoints'],
    deprecatedIn: '1.33',
    replacement: 'discovery.k8s.io/v1',
    replacementKind: 'EndpointSlice',
    schemaUnchanged: false,
  },
];

export const DEPRECATED_APIS: readonly DeprecatedApi[] = GROUPS.flatMap((group) =>
  group.apiVersions.flatMap((apiVersion) =>
    group.kinds.map((kind) => {
      const { apiVersions: _versions, kinds: _kinds, ...rest } = group;
      return { apiVersion, kind, ...rest };
    }),
  ),
);

const BY_KEY = new Map(DEPRECATED_APIS.map((api) => [`${api.apiVersion} ${api.kind}`, api]));

export function findDeprecatedApi(apiVersion: string, kind: string): DeprecatedApi | undefined {
  return BY_KEY.get(`${apiVersion.trim()} ${kind.trim()}`);
}

/** Minor number of "1.25" (or "v1.25.3"); undefined when the text is no Kubernetes 1.x version. */
export function minorVersion(version: string): number | undefined {
  const match = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

/** The newest Kubernetes version the catalog knows: of this table and of the shipped schemas. */
export const NEWEST_KUBERNETES_VERSION: string = `1.${Math.max(
  ...DEPRECATED_APIS.flatMap((api) => [api.deprecatedIn, api.removedIn])
    .filter((version): version is string => version !== undefined)
    .map((version) => minorVersion(version) ?? 0),
  minorVersion(NEWEST_SCHEMA_VERSION) ?? 0,
)}`;
