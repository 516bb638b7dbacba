/**
 * The corpus is valid upstream YAML but for these: each is what the API server rejects, for the reason
 * given, so the schema controls must find exactly these there (file, 1-based line, control).
 */
export const UPSTREAM_INVALID: ReadonlyArray<{ at: string; control: string; why: string }> = [
  {
    at: 'examples/_archived/volumes/aws_ebs/aws-ebs-web.yaml:12 invalid-field-value',
    control: 'invalid-field-value',
    why: 'protocol: tcp; the API accepts TCP, UDP and SCTP only, case included',
  },
  {
    at: 'examples/_archived/volumes/cinder/cinder-web.yaml:12 invalid-field-value',
    control: 'invalid-field-value',
    why: 'protocol: tcp, as above',
  },
  {
    at: 'examples/_archived/volumes/fibre_channel/fc.yaml:17 invalid-field-type',
    control: 'invalid-field-type',
    why: 'lun: "<ADD LUN ID Here>", a placeholder where FCVolumeSource.lun takes an integer',
  },
  {
    at: 'examples/_archived/volumes/rbd/rbd.yaml:25 unknown-field',
    control: 'unknown-field',
    why: 'imageformat is a parameter of the RBD StorageClass, not a field of RBDVolumeSource',
  },
  {
    at: 'examples/_archived/volumes/rbd/rbd.yaml:26 unknown-field',
    control: 'unknown-field',
    why: 'imagefeatures, as above',
  },
  {
    at: 'examples/_archived/volumes/scaleio/pod.yaml:17 unknown-field',
    control: 'unknown-field',
    why: 'protectionDoamin, a typo of ScaleIOVolumeSource.protectionDomain',
  },
  {
    at: 'examples/_archived/volumes/storageos/storageos-pod.yaml:35 unknown-field',
    control: 'unknown-field',
    why: 'pool is not a field of StorageOSVolumeSource (volumeName, volumeNamespace, fsType, readOnly, secretRef)',
  },
  {
    at: 'examples/_archived/volumes/storageos/storageos-pv.yaml:22 unknown-field',
    control: 'unknown-field',
    why: 'secretName is not a field of StorageOSPersistentVolumeSource (it has secretRef)',
  },
];

export const SCHEMA_CONTROLS: ReadonlySet<string> = new Set([
  'unknown-field',
  'invalid-field-type',
  'invalid-field-value',
  'missing-required-field',
]);

/** A finding as `file:line control`, the form UPSTREAM_INVALID lists. */
export function schemaFindingKey(finding: {
  file?: string;
  control: string;
  range?: { start: { line: number } };
}): string {
  return `${finding.file}:${(finding.range?.start.line ?? -1) + 1} ${finding.control}`;
}
