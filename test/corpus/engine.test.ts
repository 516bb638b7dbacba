import { describe, it } from 'node:test';
import {
  assertChunkedParseIsWholeParse,
  assertEditedBufferIsFreshAnalysis,
  assertReparseIsFreshParse,
  assertWorkspaceEditsAreFreshAnalysis,
  readManifests,
} from '../engine/support/onRepositories';
import { CORPUS } from '../support/paths';

const MULTI_DOCUMENT = 'microservices-demo/release/kubernetes-manifests.yaml';
const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: guestbook-ui
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: guestbook-ui}
`;

describe('the engine on the real-world corpus', () => {
  const texts = readManifests(CORPUS);

  it('parseFile by chunks gives the documents a whole parse gives', () => {
    assertChunkedParseIsWholeParse(texts);
  });

  it('parseFile reuses unchanged chunks of the previous version and gives what a fresh parse gives', () => {
    assertReparseIsFreshParse(MULTI_DOCUMENT, texts.get(MULTI_DOCUMENT)!);
  });

  it('the analysis of an edited buffer equals a fresh analysis, re-running only the edited document', () => {
    assertEditedBufferIsFreshAnalysis(MULTI_DOCUMENT, texts.get(MULTI_DOCUMENT)!);
  });

  it('after edits across the corpus, the analysis equals a fresh analysis of the same files, with far fewer checks', () => {
    const { rerun, full } = assertWorkspaceEditsAreFreshAnalysis(CORPUS, {
      changes: [
        [MULTI_DOCUMENT, (text) => text.replace('replicas: 1', 'replicas: 3')],
        [
          'microservices-demo/kubernetes-manifests/cartservice.yaml',
          (text) => text.replace(/app: redis-cart/g, 'app: redis-basket'),
        ],
        ['argocd-example-apps/guestbook/guestbook-ui-svc.yaml', (text) => `${text}---\n${PDB}`],
        [
          'examples/web/guestbook/frontend-deployment.yaml',
          () => 'apiVersion: v1\nkind: Pod\nmetadata: [broken\n',
        ],
      ],
      removed: 'argocd-example-apps/guestbook/guestbook-ui-deployment.yaml',
      rerunShare: 0.2,
    });
    console.log(`incremental (corpus): ${rerun} of ${full} checks re-run after 5 file changes`);
  });
});
