import type {Item} from './item.js';
import {oneLine} from './quote-text.js';

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

/**
 * The line each error and warning also gets on stderr, where kustomize users see them. Names and
 * paths come from the input: whatever they hold, the result stays one line of bounded length, so
 * no input can print a line that passes for another message.
 */
export function stderrLine(result: Result): string {
	const ref = result.resourceRef;
	const field = result.field ? oneLine(result.field.path, maxPart) : undefined;
	const where = ref
		? `${oneLine(ref.kind, maxPart)} ${ref.namespace ? `${oneLine(ref.namespace, maxPart)}/` : ''}${oneLine(ref.name, maxPart)}${field ? ` ${field}` : ''}: `
		: field
			? `${field}: `
			: '';
	return `prometheus-scraping: ${result.severity}: ${where}${oneLine(result.message, maxMessage)}`;
}

/** Kubernetes names stop at 253 characters; messages quote values cut short, so this is plenty. */
const maxPart = 253;
const maxMessage = 1500;
