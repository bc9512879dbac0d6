// Inputs shaped like the packages `kpt fn source` reads in real projects (issue 13), not only like
// the tidy lists of inputs.ts: flow-style bits everywhere (`emptyDir: {}`, `resources: {}`,
// `args: []`, one-line env entries), license headers, probes and securityContext blocks, several
// containers with named and unnamed ports, ConfigMaps with block scalars, RBAC, a few large CRDs
// and one JSON file.
import {cachedInput, type AppFile, type Input} from './inputs.js';

const license = [
	'# Copyright 2024 The Shop Authors.',
	'#',
	'# Licensed under the Apache License, Version 2.0 (the "License");',
	'# you may not use this file except in compliance with the License.',
];

/** `apps` apps of a shop, with the CRDs and the namespace file every such package has. */
export function prepareRealShaped(apps: number, useKpt: boolean): Input {
	const files = () => realShapedFiles(apps);
	const configMaps = Array.from({length: apps}, (_, i) => i).filter(i => i % 5 === 0).length;
	const rbac = Array.from({length: apps}, (_, i) => i).filter(i => i % 10 === 0).length;
	return cachedInput(`real-${apps}`, useKpt, files, {
		shape: `real-shaped, ${apps} apps`,
		items: apps * 3 + configMaps + 2 * rbac + crdSizes.length + 1,
		workloads: apps,
	});
}

/** The package's files; test/krm/read-fast.test.ts reads them too. */
export function realShapedFiles(apps: number): AppFile[] {
	return [...Array.from({length: apps}, (_, i) => appFile(i)), ...crds(), namespaceFile()];
}

const isStatefulSet = (i: number) => i % 25 === 24;

function appFile(i: number): AppFile {
	const id = `app-${String(i + 1).padStart(5, '0')}`;
	const docs = [[...license, ...workload(id, isStatefulSet(i))], service(id), serviceAccount(id)];
	if (i % 5 === 0) docs.push(configMap(id));
	if (i % 10 === 0) docs.push(...rbac(id));
	return {name: `${id}.yaml`, docs};
}

function workload(id: string, stateful: boolean): string[] {
	return [
		'apiVersion: apps/v1',
		`kind: ${stateful ? 'StatefulSet' : 'Deployment'}`,
		'metadata:',
		`  name: ${id}`,
		'  namespace: shop',
		'  labels:',
		`    app.kubernetes.io/name: ${id}`,
		'    app.kubernetes.io/part-of: shop # the storefront',
		'spec:',
		...(stateful ? [`  serviceName: ${id}`] : []),
		'  replicas: 2',
		'  selector:',
		'    matchLabels:',
		`      app.kubernetes.io/name: ${id}`,
		'  template:',
		'    metadata:',
		'      labels:',
		`        app.kubernetes.io/name: ${id}`,
		'    spec:',
		`      serviceAccountName: ${id}`,
		'      securityContext:',
		'        runAsNonRoot: true',
		'        runAsUser: 65532',
		'        fsGroup: 65532',
		'      containers:',
		'      - name: app',
		'        image: "registry.example.com/shop/app:v1.2.3"',
		'        imagePullPolicy: IfNotPresent',
		'        args: []',
		'        command: ["/app", "--port=8080"]',
		'        env:',
		'        - {name: LOG_LEVEL, value: info}',
		'        - {name: PORT, value: "8080"}',
		'        - name: POD_NAME',
		'          valueFrom:',
		'            fieldRef:',
		'              fieldPath: metadata.name',
		'        ports:',
		'        - name: http',
		'          containerPort: 8080',
		'          protocol: TCP',
		'        - containerPort: 9090',
		'        readinessProbe:',
		'          httpGet:',
		'            path: /healthz',
		'            port: http',
		'          initialDelaySeconds: 5',
		'          periodSeconds: 10',
		'        livenessProbe:',
		'          tcpSocket:',
		'            port: 8080',
		'        resources: {}',
		'        securityContext:',
		'          allowPrivilegeEscalation: false',
		'          readOnlyRootFilesystem: true',
		'          capabilities:',
		'            drop: ["ALL"]',
		'        volumeMounts:',
		'        - name: tmp',
		'          mountPath: /tmp',
		'      - name: proxy',
		'        image: registry.example.com/shop/proxy:2.0 # pinned',
		'        ports:',
		'        - name: metrics',
		'          containerPort: 9100',
		'        resources:',
		'          limits: {cpu: 100m, memory: 64Mi}',
		'      volumes:',
		'      - name: tmp',
		'        emptyDir: {}',
		// A nested flow map: the kind of item the fast reader leaves to yaml.
		...(stateful
			? [
					'  volumeClaimTemplates:',
					'  - metadata:',
					'      name: data',
					'    spec:',
					'      accessModes: ["ReadWriteOnce"]',
					'      resources: {requests: {storage: 1Gi}}',
				]
			: []),
	];
}

function service(id: string): string[] {
	return [
		'apiVersion: v1',
		'kind: Service',
		'metadata:',
		`  name: ${id}`,
		'  namespace: shop',
		'spec:',
		'  selector:',
		`    app.kubernetes.io/name: ${id}`,
		'  ports:',
		'  - name: http',
		'    port: 80',
		'    targetPort: http',
		'  - port: 9090',
	];
}

function serviceAccount(id: string): string[] {
	return ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${id}`, '  namespace: shop'];
}

function configMap(id: string): string[] {
	return [
		'apiVersion: v1',
		'kind: ConfigMap',
		'metadata:',
		`  name: ${id}-config`,
		'  namespace: shop',
		'data:',
		'  app.properties: |',
		'    # the shop settings',
		'    cache.size=256',
		'',
		'    feature.checkout: enabled',
		'  entrypoint.sh: |-',
		'    #!/bin/sh',
		'    exec /app "$@"',
	];
}

function rbac(id: string): string[][] {
	return [
		[
			'apiVersion: rbac.authorization.k8s.io/v1',
			'kind: Role',
			'metadata:',
			`  name: ${id}`,
			'  namespace: shop',
			'rules:',
			'- apiGroups: [""]',
			'  resources: ["configmaps", "secrets"]',
			'  verbs: ["get", "list", "watch"]',
			'- apiGroups: ["apps"]',
			'  resources: ["deployments"]',
			'  verbs: ["get"]',
		],
		[
			'apiVersion: rbac.authorization.k8s.io/v1',
			'kind: RoleBinding',
			'metadata:',
			`  name: ${id}`,
			'  namespace: shop',
			'roleRef:',
			'  apiGroup: rbac.authorization.k8s.io',
			'  kind: Role',
			`  name: ${id}`,
			'subjects:',
			'- kind: ServiceAccount',
			`  name: ${id}`,
			'  namespace: shop',
		],
	];
}

/** The CRDs' approximate sizes in KB: argo-cd's three are of this order. */
const crdSizes = [60, 150, 280];

function crds(): AppFile[] {
	return crdSizes.map((kb, i) => {
		const kind = ['Application', 'ApplicationSet', 'AppProject'][i]!;
		const lines = [
			...license,
			'apiVersion: apiextensions.k8s.io/v1',
			'kind: CustomResourceDefinition',
			'metadata:',
			`  name: ${kind.toLowerCase()}s.shop.example.com`,
			'spec:',
			'  group: shop.example.com',
			'  names:',
			`    kind: ${kind}`,
			`    plural: ${kind.toLowerCase()}s`,
			'  scope: Namespaced',
			'  versions:',
			'  - name: v1alpha1',
			'    served: true',
			'    storage: true',
			'    schema:',
			'      openAPIV3Schema:',
			...schema(kb * 1024, 8),
		];
		return {name: `crd-${kind.toLowerCase()}.yaml`, docs: [lines]};
	});
}

/** A nested object schema of about `bytes` bytes, written at `indent`, as CRD generators write them. */
function schema(bytes: number, indent: number): string[] {
	const out: string[] = [];
	let field = 0;
	const object = (pad: number, depth: number): void => {
		const at = ' '.repeat(pad);
		out.push(`${at}type: object`, `${at}description: A group of settings, nested ${depth} deep.`, `${at}properties:`);
		for (let i = 0; i < 6 && size() < bytes; i++) {
			const name = `field${field++}`;
			out.push(`${at}  ${name}:`);
			if (depth < 9 && i % 3 === 0) object(pad + 4, depth + 1);
			else if (i % 3 === 1) {
				out.push(
					`${at}    description: |-`,
					`${at}      ${name} sets how the shop behaves; see`,
					`${at}      the operator's manual for the values it takes.`,
					`${at}    type: array`,
					`${at}    items:`,
					`${at}      type: string`,
					`${at}      enum: ["a", "b", "c"]`,
				);
			} else {
				out.push(`${at}    type: integer`, `${at}    format: int64`, `${at}    x-kubernetes-int-or-string: true`);
			}
		}
		out.push(`${at}required: [field${field - 1}]`);
	};
	let length = 0;
	const size = () => {
		for (; length < out.length; length++) total += out[length]!.length + 1;
		return total;
	};
	let total = 0;
	while (size() < bytes) {
		out.push(`${' '.repeat(indent)}x-part-${field}:`);
		object(indent + 2, 1);
	}
	return [' '.repeat(indent) + 'type: object', ' '.repeat(indent) + 'properties:', ...out.map(line => `  ${line}`)];
}

function namespaceFile(): AppFile {
	return {
		name: 'namespace.json',
		docs: [['{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"team": "storefront"}}}']],
	};
}

/**
 * The shapes that grow worse than linearly if a lookup is done per pair (issue 15): `n` Services in
 * one namespace that all select the same Deployment, and `n` ServiceMonitors this config wrote
 * earlier for Services that are gone, which the run prunes. Run with monitorType service.
 */
export function prepareCrowded(n: number, useKpt: boolean): Input {
	const owner = 'ConfigMap/function-input';
	const files = (): AppFile[] => [
		{name: 'web.yaml', docs: [workload('web', false)]},
		...Array.from({length: n}, (_, i) => {
			const id = `svc-${String(i + 1).padStart(6, '0')}`;
			const monitor = [
				'apiVersion: monitoring.coreos.com/v1',
				'kind: ServiceMonitor',
				'metadata:',
				`  name: gone-${id}`,
				'  namespace: shop',
				'  annotations:',
				`    prometheus-scraping.fn.kpt.dev/owner: ${owner}`,
				'spec:',
				'  selector:',
				'    matchLabels:',
				`      app.kubernetes.io/name: gone-${id}`,
				'  endpoints:',
				'  - port: http',
			];
			const selectsWeb = service(id).flatMap(line =>
				line === `    app.kubernetes.io/name: ${id}`
					? ['    app.kubernetes.io/name: web']
					: line === '  namespace: shop'
						? [line, '  labels:', `    app.kubernetes.io/name: ${id}`]
						: [line],
			);
			return {name: `${id}.yaml`, docs: [selectsWeb, monitor]};
		}),
	];
	const configs = {
		annotate: {monitorType: 'service', port: 'http'},
		operator: {monitorType: 'service', port: 'http', operatorMode: 'true'},
	};
	return cachedInput(
		`crowded-${n}`,
		useKpt,
		files,
		{shape: `${n} Services selecting one Deployment, ${n} monitors to prune`, items: 1 + 2 * n, workloads: 1},
		configs,
	);
}
