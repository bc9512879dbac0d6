/**
 * A typed config for kustomize to hand the function (under `transformers:` or `validators:`); with
 * an image, it carries the annotation that makes kustomize run a container, and without one
 * kustomize runs the legacy exec plugin.
 */
export function kustomizeConfig(name: string, spec: string, image?: string): string {
	const annotation = image
		? `  annotations:
    config.kubernetes.io/function: |
      container:
        image: ${image}
`
		: '';
	return `apiVersion: fn.kpt.dev/v1alpha1
kind: PrometheusScraping
metadata:
  name: ${name}
${annotation}spec:
${spec.trimEnd().replace(/^/gm, '  ')}
`;
}
