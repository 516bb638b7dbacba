/** Manifests the language-server tests share: over stdio (lsp.test.ts) and function by function (test/lsp/). */

export const DEPLOYMENT = `# The cart service
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: cart
  template:
    metadata:
      labels:
        app: cart
    spec:
      containers:
        - name: cart   # main container
          image: registry.example.com/cart:1.4.2
          ports:
            - containerPort: 8080
`;

export const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: cart
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: cart
`;

/** The Deployment with a second container: two findings of each container control. */
export const TWO_CONTAINERS = DEPLOYMENT.replace(
  '        - name: cart   # main container\n',
  '        - name: sidecar\n          image: envoy:1.30.1\n        - name: cart   # main container\n',
);

/** The Deployment with `resources` misspelt: the engine withholds the fixes that would write `resources`. */
export const MISSPELT_RESOURCES = DEPLOYMENT.replace(
  '          ports:\n',
  '          resouces:\n            limits:\n              cpu: 10m\n          ports:\n',
);

/** A plain Deployment of one container in a namespace, its labels and image named after it. */
export const deploymentIn = (name: string, namespace: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: registry.example.com/${name}:1.0
`;
