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
    id: 'writable-root-filesystem',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Container root filesystem is writable',
    description:
      'A writable root filesystem lets an attacker who gets code execution drop binaries, alter the application or its configuration, and persist until the container is replaced; it also hides state in the container that should live in volumes.',
    remediation:
      'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the application must write (/tmp, caches). The fix sets readOnlyRootFilesystem: true, adding it or replacing an explicit false (a choice it says it overrides); check that the application has the writable mounts it needs.',
    peers: {
      polaris: ['notReadOnlyRootFilesystem'],
      kubeLinter: ['no-read-only-root-fs'],
      kubeScore: ['container-security-context-readonlyrootfilesystem'],
    },
    fix: 'review',
    fixEffect:
      'The container can no longer write to its root filesystem: software that writes outside mounted volumes (caches, /tmp, PID files) fails.',
    scope: 'container',
    containerKinds: ['initContainer', 'container'],
  },
  check(context) {
    if (containerBool(context, 'readOnlyRootFilesystem') === true) return;
    const present = get(containerSecurityContext(context), 'readOnlyRootFilesystem') !== undefined;
    context.report({
      message: present ? 'readOnlyRootFilesystem is not true' : 'no readOnlyRootFilesystem: true',
      at: containerFieldSpan(context, 'readOnlyRootFilesystem'),
    });
  },
  fix(context, fixer) {
    setContainerSecurityContext(context, fixer, ['readOnlyRootFilesystem'], true);
  },
});
