import type {Item} from './item.js';

export type Severity = 'error' | 'warning' | 'info';

/** A result in the flat `config.kubernetes.io/v1` shape that kpt prints and records. */
export interface Result {
	message: string;
	severity: Severity;
	resourceRef?: {apiVersion: string; kind: string; name: string; namespace?: string};
	field?: {path: string; currentValue?: unknown; proposedValue?: unknown};
	file?: {path: string; index?: number};
}

/** A result about one item: names it, and the file it came from when the orchestrator said. */
export function itemResult(item: Item, severity: Severity, message: string, fieldPath?: string): Result {
	const result: Result = {
		message,
		severity,
		resourceRef: {
			apiVersion: item.apiVersion,
			kind: item.kind,
			name: item.name,
			...(item.namespace !== undefined ? {namespace: item.namespace} : {}),
		},
	};
	if (fieldPath) result.field = {path: fieldPath};
	const path = item.filePath;
	if (path !== undefined) result.file = {path, ...(item.fileIndex !== undefined ? {index: item.fileIndex} : {})};
	return result;
}

/** A result about the function config as a whole; kpt shows `file` when the config came from one. */
export function configResult(functionConfig: Item | undefined, severity: Severity, message: string, fieldPath?: string): Result {
	if (functionConfig?.kind) return itemResult(functionConfig, severity, message, fieldPath);
	return {message, severity, ...(fieldPath ? {field: {path: fieldPath}} : {})};
}

export function hasErrors(results: readonly Result[]): boolean {
	return results.some(result => result.severity === 'error');
}

/** The line each error and warning also gets on stderr, where kustomize users see them. */
export function stderrLine(result: Result): string {
	const ref = result.resourceRef;
	const where = ref
		? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}${result.field ? ` ${result.field.path}` : ''}: `
		: result.field
			? `${result.field.path}: `
			: '';
	return `prometheus-scraping: ${result.severity}: ${where}${result.message}`;
}
