import type { ContainerFields } from '../../engine/control';
import { defineControl, spanOfKey } from '../../engine/control';
import { bool, num } from '../../engine/nodes';
import {
  containerFieldSpan,
  containerSecurityContext,
  type EffectiveSetting,
  effectiveSetting,
  setContainerSecurityContext,
} from '../shared/securityContext';

/** What a finding is about: the user (root UID, or nothing requiring a non-root one) or the root group. */
interface RunAsRootData {
  problem: 'rootUser' | 'nonRootUnset' | 'rootGroup';
}

/** "the pod's " when the setting that applies is the pod's, for messages. */
function owner(setting: EffectiveSetting): string {
  return setting.level === 'pod' ? "the pod's " : '';
}

/** The effective runAsUser when it is a number. */
function effectiveUser(context: ContainerFields): { setting: EffectiveSetting; id: number } | undefined {
  const setting = effectiveSetting(context, 'runAsUser');
  const id = setting ? num(setting.value) : undefined;
  return setting && id !== undefined ? { setting, id } : undefined;
}

export default defineControl<'container', RunAsRootData>({
  meta: {
    id: 'run-as-root',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Container may run as root',
    description:
      "Unless the container or the pod requires a non-root user, the process runs as whatever user the image names, very often root; a compromised process then owns every file of the container and is one kernel or runtime bug away from root on the node. The root group (runAsGroup: 0) is root's too: its processes read and write every file the root group owns, on the container's filesystem and on mounted volumes, even when runAsNonRoot: true keeps the user non-root.",
    remediation:
      "Build the image with a non-root USER and set securityContext.runAsNonRoot: true (or a non-zero runAsUser) on the container or the pod, and a non-zero runAsGroup where a group is set; a container setting overrides the pod one. The fix sets runAsNonRoot: true on the container, so the kubelet refuses to start it as root (replacing an explicit runAsNonRoot: false is a choice it says it overrides); it offers nothing when runAsUser: 0 asks for root explicitly. For runAsGroup: 0, also an explicit choice, runAsNonRoot does not help: the fix sets the container's runAsGroup to its non-zero runAsUser (the user's own group, as most non-root images define it), saying it overrides the explicit runAsGroup: 0; without a non-zero runAsUser a person must choose the group, and no fix is offered.",
    peers: {
      polaris: ['runAsRootAllowed'],
      kubeLinter: ['run-as-non-root'],
      kubeScore: ['container-security-context-user-group-id'],
    },
    fix: 'review',
    fixEffect:
      "The kubelet refuses to start the container when its image runs as root (UID 0): images that need root stop starting. Where runAsGroup: 0 is replaced by the container's user ID, its processes leave the root group: files and volumes only the root group may read or write become inaccessible to them.",
    scope: 'container',
    containerKinds: ['initContainer', 'container'],
  },
  check(context) {
    const user = effectiveUser(context);
    const nonRoot = effectiveSetting(context, 'runAsNonRoot');
    const nonRootRequired = nonRoot !== undefined && bool(nonRoot.value) === true;
    if (user?.id === 0) {
      const data: RunAsRootData = { problem: 'rootUser' };
      context.report({
        message: `${owner(user.setting)}runAsUser: 0 runs the container as root`,
        at: spanOfKey(user.setting.map, 'runAsUser'),
        data,
      });
    } else if ((user === undefined || user.id < 0) && !nonRootRequired) {
      const data: RunAsRootData = { problem: 'nonRootUnset' };
      if (nonRoot) {
        context.report({
          message: `${owner(nonRoot)}runAsNonRoot: false lets the container run as root`,
          at: spanOfKey(nonRoot.map, 'runAsNonRoot'),
          data,
        });
      } else {
        context.report({
          message: 'neither the container nor the pod sets runAsNonRoot: true or a non-zero runAsUser',
          at: containerSecurityContext(context) ? containerFieldSpan(context, 'runAsNonRoot') : undefined,
          data,
        });
      }
    }
    const group = effectiveSetting(context, 'runAsGroup');
    if (group && num(group.value) === 0) {
      const despite = nonRootRequired || (user?.id ?? 0) > 0 ? ', even though the user is not root' : '';
      const data: RunAsRootData = { problem: 'rootGroup' };
      context.report({
        message: `${owner(group)}runAsGroup: 0 runs the container in the root group${despite}`,
        at: spanOfKey(group.map, 'runAsGroup'),
        data,
      });
    }
  },
  fix(context, fixer, data) {
    const { problem } = data;
    if (problem === 'rootUser') {
      fixer.fail(
        'not offered: runAsUser: 0 asks for root explicitly; build the image with a non-root user and set its UID instead',
      );
      return;
    }
    if (problem === 'nonRootUnset') {
      // A pod-level runAsNonRoot: false is the author's choice too, overridden for this container.
      const nonRoot = effectiveSetting(context, 'runAsNonRoot');
      if (nonRoot?.level === 'pod' && bool(nonRoot.value) === false)
        fixer.overridesExplicit('runAsNonRoot: false');
      setContainerSecurityContext(context, fixer, ['runAsNonRoot'], true);
      return;
    }
    const group = effectiveSetting(context, 'runAsGroup');
    const user = effectiveUser(context);
    if (!group || !user || user.id <= 0) {
      fixer.fail(
        'not offered: runAsGroup: 0 is an explicit choice and there is no non-zero runAsUser to take the group from; choose a non-zero group that owns the files the container needs',
      );
      return;
    }
    // The container's own runAsGroup is replaced (set() says it overrides it); a pod-level one is overridden here.
    if (group.level === 'pod') fixer.overridesExplicit('runAsGroup: 0');
    fixer.describe(`Set securityContext.runAsGroup: ${user.id}, the group of runAsUser ${user.id}`);
    setContainerSecurityContext(context, fixer, ['runAsGroup'], user.id);
  },
});
