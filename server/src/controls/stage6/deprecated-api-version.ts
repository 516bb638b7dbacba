import { defineControl, spanOfKey } from '../../engine/control';
import { asMap, asScalar, asSeq, get, getIn, getPair, isViaAlias } from '../../engine/nodes';
import {
  type DeprecatedApi,
  findDeprecatedApi,
  minorVersion,
  NEWEST_KUBERNETES_VERSION,
} from '../shared/deprecatedApis';

interface FixData {
  replacement: string;
}

/** The minor of the target Kubernetes version: the setting, or the newest version the table knows. */
function targetMinor(configured: string | undefined): number {
  const minor = configured !== undefined ? minorVersion(configured) : undefined;
  return minor ?? minorVersion(NEWEST_KUBERNETES_VERSION) ?? 0;
}

/** True when the replacement API is itself removed at the target (extensions → policy/v1beta1 PSP). */
function replacementRemoved(api: DeprecatedApi, target: number): boolean {
  if (!api.replacement) return true;
  const next = findDeprecatedApi(api.replacement, api.replacementKind ?? api.kind);
  const removedIn = next?.removedIn !== undefined ? minorVersion(next.removedIn) : undefined;
  return removedIn !== undefined && removedIn <= target;
}

function advice(api: DeprecatedApi): string {
  if (!api.replacement) return api.note ? `no replacement API: ${api.note}` : 'no replacement API';
  const kind = api.replacementKind ? ` ${api.replacementKind}` : '';
  return `use ${api.replacement}${kind}${api.schemaUnchanged ? '' : ', migrating the changed fields'}`;
}

export default defineControl<'object', FixData | undefined>({
  meta: {
    id: 'deprecated-api-version',
    stage: 6,
    category: 'reliability',
    severity: 'warning',
    title: 'Object uses a deprecated or removed API version',
    description:
      'A Kubernetes release stops serving an API version a few releases after deprecating it; manifests still written against it are rejected by the upgraded cluster, which blocks deployments and upgrades at the worst moment.',
    remediation:
      'Move the object to the replacement apiVersion named in the message, migrating any fields whose schema changed. Where the schema is unchanged (policy/v1beta1 PodDisruptionBudget, batch/v1beta1 CronJob, autoscaling/v2beta2 HorizontalPodAutoscaler, RBAC v1beta1...) the fix rewrites the apiVersion; elsewhere it offers none. The target version is the kubernetesVersion setting, by default the newest the catalog knows.',
    peers: {
      kubeLinter: ['no-extensions-v1beta'],
      kubeScore: ['stable-version'],
    },
    fix: 'safe',
    fixEffect:
      'Nothing: the object is read the same under the new apiVersion (the fix is offered only where the schema did not change).',
    scope: 'object',
  },
  check(context) {
    const { object } = context;
    const api = findDeprecatedApi(object.apiVersion, object.kind);
    if (!api) return;
    const target = targetMinor(context.settings.kubernetesVersion);
    const deprecatedIn = minorVersion(api.deprecatedIn) ?? 0;
    const removedIn = api.removedIn !== undefined ? minorVersion(api.removedIn) : undefined;
    const at = spanOfKey(object.node, 'apiVersion');
    const subject = `${api.apiVersion} ${api.kind}`;
    const fixable = api.schemaUnchanged && api.replacement !== undefined && !replacementRemoved(api, target);
    const data: FixData | undefined = fixable ? { replacement: api.replacement! } : undefined;
    if (removedIn !== undefined && removedIn <= target) {
      context.report({
        message: `${subject} was removed in Kubernetes ${api.removedIn} (deprecated in ${api.deprecatedIn}): ${advice(api)}`,
        at,
        severity: 'error',
        data,
      });
    } else if (deprecatedIn <= target) {
      const removal = api.removedIn ? ` and removed in ${api.removedIn}` : '';
      context.report({
        message: `${subject} is deprecated since Kubernetes ${api.deprecatedIn}${removal}: ${advice(api)}`,
        at,
        data,
      });
    }
  },
  fix(context, fixer, data) {
    const fixData = data;
    if (!fixData) return;
    const node = context.object.node;
    const pair = getPair(node, 'apiVersion');
    const scalar = asScalar(pair?.value);
    if (!pair || !scalar || isViaAlias(pair.value) || !node.items.includes(pair)) {
      fixer.fail();
      return;
    }
    fixer.describe(`Set apiVersion: ${fixData.replacement}`);
    // policy/v1beta1 read an empty selector as no pods; policy/v1 reads it as every pod of the namespace.
    if (context.object.kind === 'PodDisruptionBudget' && context.object.apiVersion === 'policy/v1beta1') {
      const selector = getIn(node, ['spec', 'selector']);
      const labels = asMap(get(selector, 'matchLabels'))?.items.length ?? 0;
      const expressions = asSeq(get(selector, 'matchExpressions'))?.items.length ?? 0;
      const empty = labels + expressions === 0;
      if (empty)
        fixer.changesBehaviour(
          'an empty selector selects no pod in policy/v1beta1 and every pod of the namespace in policy/v1',
        );
    }
    fixer.replaceScalar(scalar, fixData.replacement);
  },
});
