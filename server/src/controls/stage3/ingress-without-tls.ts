import { defineControl, spanOfKey } from '../../engine/control';
import { Comment, type FixValue } from '../../engine/fixer';
import { asMap, asSeq, get, getPair, isNullish, mapItems, str } from '../../engine/nodes';

const PLACEHOLDER_SECRET = 'CHANGE-ME-tls';

export default defineControl({
  meta: {
    id: 'ingress-without-tls',
    stage: 3,
    category: 'security',
    severity: 'warning',
    title: 'Ingress has no TLS configuration',
    description:
      'Without spec.tls the Ingress serves its hosts over plain HTTP: credentials, cookies and data cross the network unencrypted and can be read or altered in transit.',
    remediation:
      'Add spec.tls with the rule hosts and the Secret holding their certificate (or let cert-manager issue it). The fix adds one tls entry listing the rule hosts with the placeholder Secret CHANGE-ME-tls, to be replaced by the real Secret name.',
    peers: { polaris: ['tlsSettingsMissing'] },
    fix: 'draft',
    fixEffect:
      "The ingress controller serves the hosts over HTTPS with the named Secret; the placeholder Secret must exist, or TLS falls back to the controller's default certificate.",
    scope: 'object',
    kinds: ['Ingress'],
  },
  check(context) {
    const { object } = context;
    const spec = asMap(get(object.node, 'spec'));
    // Polaris semantics: spec.tls must be a list; an empty list is accepted.
    if (asSeq(get(spec, 'tls'))) return;
    const tlsPair = getPair(spec, 'tls');
    if (tlsPair && !isNullish(tlsPair.value)) {
      context.report({ message: 'spec.tls is not a list', at: spanOfKey(spec, 'tls') });
      return;
    }
    context.report({
      message: 'no spec.tls: the hosts are served over plain HTTP',
      at: spec ? spanOfKey(object.node, 'spec') : undefined,
    });
  },
  fix(context, fixer) {
    const { object } = context;
    const spec = asMap(get(object.node, 'spec'));
    const tlsPair = getPair(spec, 'tls');
    if (tlsPair && !isNullish(tlsPair.value)) return; // a value of the wrong type: a person must look
    const hosts: string[] = [];
    for (const rule of mapItems(get(spec, 'rules'))) {
      const host = str(get(rule, 'host'));
      if (host && !hosts.includes(host)) hosts.push(host);
    }
    const note = new Comment(
      `kube-maturity: replace ${PLACEHOLDER_SECRET} with the Secret that holds the certificate`,
    );
    // The note goes above secretName, or below it when nothing precedes it in the entry.
    const entry: Record<string, FixValue | Comment> =
      hosts.length > 0
        ? { hosts, note, secretName: PLACEHOLDER_SECRET }
        : { secretName: PLACEHOLDER_SECRET, note };
    fixer.set(object.node, ['spec', 'tls'], [entry]);
  },
});
