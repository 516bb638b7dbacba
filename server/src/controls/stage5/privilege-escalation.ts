import { defineControl } from '../../engine/control';
import { get } from '../../engine/nodes';
import {
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
      'Set securityContext.allowPrivilegeEscalation: false on the container (it sets no_new_privs; only images that rely on setuid binaries need it). The fix sets it, replacing a true value or adding the key.',
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
    setContainerSecurityContext(context, fixer, ['allowPrivilegeEscalation'], false);
  },
});
