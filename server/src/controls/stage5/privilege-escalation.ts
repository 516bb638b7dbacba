import { defineControl } from '../../engine/control';
import { get, text } from '../../engine/nodes';
import {
  capabilityEntries,
  containerBool,
  containerFieldSpan,
  containerSecurityContext,
  setContainerSecurityContext,
} from '../shared/securityContext';

export default defineControl({
  meta: {
    id: 'privilege-escalation',
    stage: 5,
    category: 'security',
    severity: 'error',
    title: 'Container allows privilege escalation',
    description:
      'Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than its parent (setuid binaries such as sudo or ping, file capabilities), which turns a foothold in the application into root inside the container.',
    remediation:
      'Set securityContext.allowPrivilegeEscalation: false on the container (it sets no_new_privs; only images that rely on setuid binaries need it). The fix sets it, adding the key or replacing an explicit true (a choice it says it overrides); it is not offered beside privileged: true or an added CAP_SYS_ADMIN, with which the API server rejects it.',
    peers: {
      polaris: ['privilegeEscalationAllowed'],
      kubeLinter: ['privilege-escalation-container'],
    },
    fix: 'review',
    fixEffect:
      'Processes in the container can no longer gain privileges (setuid binaries, sudo stop working).',
    scope: 'container',
    containerKinds: ['initContainer', 'container'],
  },
  check(context) {
    const value = containerBool(context, 'allowPrivilegeEscalation');
    if (value === false) return;
    const present = get(containerSecurityContext(context), 'allowPrivilegeEscalation') !== undefined;
    context.report({
      message: present
        ? 'allowPrivilegeEscalation is not false'
        : 'no allowPrivilegeEscalation: false; escalation is allowed by default',
      at: containerFieldSpan(context, 'allowPrivilegeEscalation'),
    });
  },
  fix(context, fixer) {
    // The API server rejects allowPrivilegeEscalation: false beside privileged: true or an added CAP_SYS_ADMIN.
    if (containerBool(context, 'privileged') === true) {
      fixer.fail(
        'not offered: the container is privileged: true, beside which the API server rejects allowPrivilegeEscalation: false; remove privileged first',
      );
      return;
    }
    if (capabilityEntries(context, 'add').some((entry) => text(entry.node) === 'CAP_SYS_ADMIN')) {
      fixer.fail(
        'not offered: capabilities.add holds CAP_SYS_ADMIN, beside which the API server rejects allowPrivilegeEscalation: false; remove it first',
      );
      return;
    }
    // An explicit allowPrivilegeEscalation: true is replaced: the fixer says it overrides it.
    setContainerSecurityContext(context, fixer, ['allowPrivilegeEscalation'], false);
  },
});
