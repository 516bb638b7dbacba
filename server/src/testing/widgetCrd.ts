/** What a test Widget CRD declares of `spec`: its fields (flow YAML schemas) and the required ones. */
export interface WidgetSpecSchema {
  properties: Record<string, string>;
  required?: string[];
  /** The root requires `spec`. */
  specRequired?: boolean;
}

/**
 * A CustomResourceDefinition of the kind Widget (example.com/v1), in the shape CRDs are written, whose
 * spec has the fields given: for the tests of custom resources checked against the workspace's CRDs.
 */
export function widgetCrd({ properties, required, specRequired }: WidgetSpecSchema): string {
  const fields = Object.entries(properties)
    .map(([name, schema]) => `                ${name}: ${schema}\n`)
    .join('');
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
${specRequired ? '          required: [spec]\n' : ''}          properties:
            spec:
              type: object
${required ? `              required: [${required.join(', ')}]\n` : ''}              properties:
${fields}`;
}
