import { defineControl, NOT_APPLICABLE } from '../../engine/control';
import type { KubeObject } from '../../engine/model';
import { get, items, text } from '../../engine/nodes';

const BACKUP = /backup/i;

/**
 * The backup CronJob heuristic: a CronJob counts as a backup when "backup" (any case) appears in its
 * name, in a label key or value (of the CronJob or its pod template), or in a container's name, image,
 * command or args (init containers included). `pg_dump` without the word does not count.
 */
function isBackupCronJob(cronJob: KubeObject): boolean {
  if (BACKUP.test(cronJob.name)) return true;
  const labels = { ...cronJob.labels, ...(cronJob.podTemplate?.labels ?? {}) };
  if (Object.entries(labels).some(([key, value]) => BACKUP.test(key) || BACKUP.test(value))) return true;
  const podSpec = cronJob.podSpec;
  if (!podSpec) return false;
  return [...podSpec.initContainers, ...podSpec.containers].some((container) => {
    const words = [
      container.name,
      text(get(container.node, 'image')) ?? '',
      ...items(get(container.node, 'command')).map((item) => text(item) ?? ''),
      ...items(get(container.node, 'args')).map((item) => text(item) ?? ''),
    ];
    return words.some((word) => BACKUP.test(word));
  });
}

export default defineControl({
  meta: {
    id: 'no-backup-schedule',
    stage: 7,
    category: 'reliability',
    severity: 'info',
    title: 'Stateful workloads without a backup schedule',
    description:
      'The workspace keeps state (a StatefulSet or a PersistentVolumeClaim) but declares no scheduled backup. Replication and volume redundancy do not protect against deletion, corruption or a lost cluster; only regular, restorable backups do.',
    remediation:
      'Declare the backups with the workload: a Velero Schedule covering the namespace and its volumes, or a CronJob that dumps the data to storage outside the cluster (name it, label it or its container as a backup so it is recognised). Test restores regularly.',
    peers: {},
    fix: 'none',
    scope: 'workspace',
  },
  check(context) {
    const { index } = context;
    if (index.count('StatefulSet') === 0 && index.count('PersistentVolumeClaim') === 0) {
      return NOT_APPLICABLE;
    }
    if (index.ofKind('Schedule').some((schedule) => schedule.group === 'velero.io')) return;
    if (index.ofKind('CronJob').some(isBackupCronJob)) return;
    const state = [
      ...index.ofKind('StatefulSet').map((object) => `StatefulSet "${object.name}"`),
      ...index.ofKind('PersistentVolumeClaim').map((object) => `PersistentVolumeClaim "${object.name}"`),
    ];
    const named =
      state.length > 2 ? `${state.slice(0, 2).join(', ')} and ${state.length - 2} more` : state.join(' and ');
    context.report({
      message: `${named} ${state.length === 1 ? 'keeps' : 'keep'} state, but this workspace has no Velero Schedule and no backup CronJob`,
    });
  },
});
