import type { ContainerContext } from '../../engine/control';
import { defineControl } from '../../engine/control';
import { asMap, entries, get, getPair, isNullish, str } from '../../engine/nodes';
import {
  capabilityEntries,
  containerFieldSpan,
  containerSecurityContext,
  podSecurityContext,
} from '../shared/securityContext';

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** The profile type that applies to the container: its own profile's, else the pod's. */
function effectiveProfileType(context: ContainerContext, key: 'seccompProfile' | 'appArmorProfile') {
  const own = asMap(get(containerSecurityContext(context), key));
  if (own) return { level: 'container' as const, type: str(get(own, 'type')) };
  const pod = asMap(get(podSecurityContext(context), key));
  if (pod) return { level: 'pod' as const, type: str(get(pod, 'type')) };
  return undefined;
}

function confines(profile: ReturnType<typeof effectiveProfileType>): boolean {
  return profile !== undefined && profile.type !== undefined && profile.type !== 'Unconfined';
}

export default defineControl({
  meta: {
    id: 'linux-hardening-missing',
    stage: 5,
    category: 'security',
    severity: 'warning',
    title: 'Container has no Linux hardening',
    description:
      'Without a seccomp profile, SELinux options, an AppArmor profile or dropped capabilities, nothing beyond namespaces limits what a compromised process may ask of the kernel: every system call and default capability stays available for an escape.',
    remediation:
      'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (the runtime default filter blocks rarely needed, dangerous system calls), and consider dropping capabilities (a drop list counts only while capabilities.add does not hold ALL, which gives every capability back) or using AppArmor or SELinux. The fix sets the pod-level seccompProfile to RuntimeDefault.',
    peers: {
      polaris: ['linuxHardening'],
      kubeScore: ['container-seccomp-profile'],
    },
    fix: 'review',
    fixEffect:
      "The container runtime's default seccomp profile blocks rarely used system calls: software that needs one of them fails.",
    scope: 'container',
  },
  check(context) {
    if (confines(effectiveProfileType(context, 'seccompProfile'))) return;
    if (confines(effectiveProfileType(context, 'appArmorProfile'))) return;
    for (const securityContext of [containerSecurityContext(context), podSecurityContext(context)]) {
      if (entries(get(securityContext, 'seLinuxOptions')).length > 0) return;
    }
    // Dropping capabilities hardens nothing while `add` gives them all back (`add: [ALL]`, any case).
    const addsAll = capabilityEntries(context, 'add').some((entry) => entry.name === 'ALL');
    const drops = capabilityEntries(context, 'drop').length > 0;
    if (drops && !addsAll) return;
    const annotation = context.podSpec.templateAnnotations[APPARMOR_ANNOTATION + context.container.name];
    if (annotation !== undefined && annotation !== '' && annotation !== 'unconfined') return;
    context.report({
      message:
        drops && addsAll
          ? 'no seccomp profile, AppArmor profile or SELinux options, and the capability drop does not count while capabilities.add holds ALL'
          : 'no seccomp profile, AppArmor profile, SELinux options or dropped capabilities',
      at: containerSecurityContext(context) ? containerFieldSpan(context, 'seccompProfile') : undefined,
    });
  },
  fix(context, fixer) {
    const own = effectiveProfileType(context, 'seccompProfile');
    if (own?.level === 'container') return; // the container's own profile overrides the pod's: a person decides
    const pair = getPair(context.podSpec.node, 'securityContext');
    if (pair && !asMap(pair.value) && !isNullish(pair.value)) {
      fixer.fail();
      return;
    }
    fixer.set(context.podSpec.node, ['securityContext', 'seccompProfile', 'type'], 'RuntimeDefault');
  },
});
