import { defineControl, NOT_APPLICABLE, spanOfKey } from '../../engine/control';
import { asMap, get, getPair, num, text } from '../../engine/nodes';
import { autoscalersTargeting, searchedWhere } from '../shared/autoscalers';

/** The replica count a Deployment gets when an autoscaler does not own it. */
const MIN_REPLICAS = 2;

interface FixData {
  action: 'set' | 'remove';
}

export default defineControl<'object', FixData | undefined>({
  meta: {
    id: 'single-replica',
    stage: 5,
    category: 'reliability',
    severity: 'warning',
    title: 'Deployment runs a single replica',
    description:
      'With one replica every rollout, node drain or crash takes the service down until a new pod is ready. When a HorizontalPodAutoscaler owns the Deployment, a replicas field in the manifest fights it instead: every apply resets the replica count the autoscaler chose.',
    remediation:
      'Run at least two replicas, or let a HorizontalPodAutoscaler with minReplicas of 2 or more own the count. The fix (review) sets spec.replicas: 2, or removes spec.replicas when an autoscaler targets the Deployment; when it raises or removes a replicas value the author wrote (replicas: 1, replicas: 0), its title says it overrides that explicit choice.',
    peers: {
      polaris: ['deploymentMissingReplicas'],
      kubeScore: ['deployment-replicas', 'deployment-targeted-by-hpa-does-not-have-replicas-configured'],
    },
    fix: 'review',
    fixEffect:
      'Setting replicas: 2 runs a second pod: the workload must tolerate two instances (leader election, a shared volume or a database each pod writes alone break). Removing replicas under an autoscaler leaves the count to it: applying the manifest no longer resets it.',
    scope: 'object',
    kinds: ['Deployment'],
  },
  check(context) {
    const { object, index } = context;
    const spec = asMap(get(object.node, 'spec'));
    const replicasPair = getPair(spec, 'replicas');
    const replicasNode = replicasPair ? get(spec, 'replicas') : undefined;
    const scalers = autoscalersTargeting(index, object);
    if (scalers.length > 0) {
      if (!replicasPair) return;
      const owner = scalers[0];
      context.report({
        message: `replicas is set although ${owner.kind} "${owner.name}" owns the replica count; every apply resets it`,
        at: spanOfKey(spec, 'replicas'),
        data: { action: 'remove' } satisfies FixData,
      });
      return;
    }
    const where = searchedWhere(index, object);
    if (!replicasPair || replicasNode === undefined || text(replicasNode) === undefined) {
      context.report({
        message: `no replicas (defaults to 1) and no HorizontalPodAutoscaler ${where} targets it`,
        at: spanOfKey(object.node, 'spec'),
        data: { action: 'set' } satisfies FixData,
      });
      return;
    }
    const replicas = num(replicasNode) ?? Number(text(replicasNode));
    // A templated or otherwise unreadable value cannot be judged.
    if (!Number.isFinite(replicas)) return NOT_APPLICABLE;
    if (replicas >= MIN_REPLICAS) return;
    context.report({
      message: `replicas: ${text(replicasNode)} and no HorizontalPodAutoscaler ${where} targets it`,
      at: spanOfKey(spec, 'replicas'),
      data: { action: 'set' } satisfies FixData,
    });
  },
  fix(context, fixer, data) {
    const { object } = context;
    const action = data?.action;
    const spec = asMap(get(object.node, 'spec'));
    if (action === 'remove') {
      if (!spec) return;
      const owner = autoscalersTargeting(context.index, object)[0];
      fixer.removeKey(spec, 'replicas');
      if (owner) fixer.describe(`Remove replicas: ${owner.kind} "${owner.name}" owns the replica count`);
    } else if (action === 'set') {
      if (getPair(object.node, 'spec') && !spec && text(get(object.node, 'spec')) !== undefined) {
        fixer.fail();
        return;
      }
      fixer.set(object.node, ['spec', 'replicas'], MIN_REPLICAS);
    }
  },
});
