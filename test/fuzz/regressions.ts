/**
 * Cases the fuzzer found (shrunk by hand to their essence), kept as regression tests: fuzz.test.ts checks
 * each with the fuzzer's properties (checkCase). When `npm run fuzz` prints a failure, paste the entry it
 * prints here (name with the seed and path, sources) and shrink it if you can.
 */
import type { SourceText } from './invariants';

export interface Regression {
  name: string;
  /** The fuzz seed and path that found it, when it came from a run. */
  found?: string;
  sources: SourceText[];
}

export const REGRESSIONS: Regression[] = [
  {
    name: 'a scalar where metadata should be a mapping (metadata: 7) is a schema problem, not a crash',
    found:
      'seed 1 path 1:0:2:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:2:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1:1 (metadata: web)',
    sources: [
      { path: 'metadata7.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: 7\nspec: {}\n' },
    ],
  },
  {
    name: 'metadata as a string, beside a workload in another file',
    sources: [
      {
        path: 'a.yaml',
        text: 'apiVersion: v1\nkind: Service\nmetadata: "web"\nspec:\n  selector: {app: web}\n',
      },
      {
        path: 'b.yaml',
        text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: web}\nspec:\n  containers:\n  - name: a\n    image: a:1\n',
      },
    ],
  },
  {
    name: 'a syntax error at the end of a CRLF line has its range inside the line (not between CR and LF)',
    found: 'seed 9 path 57:1:3:0:15:7:13',
    sources: [
      {
        path: 'crlf-dup.yaml',
        text: 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\nmetadata:\r\n  name: x\r\n',
      },
    ],
  },
  {
    name: 'default-service-account on a file without a final newline: both insertions at the end of the text',
    found: 'seed 3 path 459:9:1:1:0:2:0 (corpus: 7 files of examples/ and sock-shop end without a newline)',
    sources: [
      {
        path: 'no-final-newline.yaml',
        text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: be\nspec:\n  containers:\n  - image: quay.io/x/y:1\n    name: be',
      },
    ],
  },
  {
    name: 'a null value inside a flow mapping is filled in flow style (securityContext: null)',
    found: 'seed 2 path 75:0:0:1:1:1:1:1:1:1:3:1:2:2:2:2:3:3:3:3:3:3:3:3:3:3:3:3:4:4',
    sources: [
      {
        path: 'flow-null.yaml',
        text: '{ apiVersion: v1, kind: Pod, metadata: { name: web }, spec: { containers: [ { name: a, image: "a:1", securityContext: null } ] } }\n',
      },
    ],
  },
  {
    name: 'selector-mismatch fills a null template metadata inside a flow mapping',
    found: 'seed 1 path 170:1:1:1:1:1:3:2:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:3:4',
    sources: [
      {
        path: 'flow-template.yaml',
        text: '{ apiVersion: apps/v1, kind: Deployment, metadata: { name: web }, spec: { selector: { matchLabels: { app: web } }, template: { metadata: null } } }\n',
      },
    ],
  },
  {
    name: 'a key inserted beside a first key that carries an anchor (&a selector:) starts at the anchor',
    found: 'seed 6 path 661:42:108:108',
    sources: [
      {
        path: 'anchored-key.yaml',
        text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  &a selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: web:1.0\n',
      },
    ],
  },
  {
    name: 'a fix that removes a key keeps the comment written on its line',
    found:
      'seed 1 path 117:1:1:1:4:9:9:11:11:11:11:11:11:11:11:11:11:11:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13:13',
    sources: [
      {
        path: 'host-pid-comment.yaml',
        text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true # needed by the debugger\n  containers:\n  - name: a\n    image: a:1\n',
      },
    ],
  },
  {
    name: 'a key inserted into a flow mapping that holds a key without a value ({"name": "x", 7})',
    found:
      'seed 11 path 608:13:27:45:45:44:44:44:44:44:45:44:44:44:44:44:44:44:44:45:44:44:44:45:45:45:44:45:45',
    sources: [
      {
        path: 'flow-key-only.json',
        text: '{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "nimbus", 7}, "spec": {"containers": [{"name": "a", "image": "a:1"}]}}\n',
      },
    ],
  },
  {
    name: 'selector-mismatch on a pod template whose first key is tagged (!!str 5:), in a file without a final newline',
    found: 'seed 14 path 90:5:33:6:5:6:7:35:35:15:25:29:39:36',
    sources: [
      {
        path: 'frontend.yaml',
        text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\nspec:\n  selector:\n    matchLabels:\n      app: guestbook\n      tier: frontend\n  replicas: 3\n  template:\n    !!str 5:\n      labels:\n        app: guestbook\n        tier: frontend\n    spec:\n      containers:\n      - 7',
      },
    ],
  },
  {
    name: 'a key inserted into a mapping that holds an explicit complex key (? metadata: …) is not offered',
    found: 'seed 20260611 path 1079:22:3:7:13:9:3:5:5',
    sources: [
      {
        path: 'recommendationservice.yaml',
        text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: r\nspec:\n  selector:\n    matchLabels:\n      app: r\n  template:\n  ?   metadata:\n      labels:\n        app: r\n    spec:\n      containers:\n      - name: server\n        image: r:1\n',
      },
    ],
  },
];
