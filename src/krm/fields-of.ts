/**
 * Field paths into Kubernetes objects, checked by the compiler against the object's type (for
 * workloads, Services and Ingresses: @kubernetes/client-node's, imported as types only, so nothing
 * of it reaches the bundle). A misspelt or moved field then does not build.
 */

/** The value at a field, or a list's element: the path reaches through lists without an index. */
type Inner<T> = NonNullable<T> extends readonly (infer Element)[] ? NonNullable<Element> : NonNullable<T>;

/**
 * `Path` when each field in it is one the object reached so far has, from `T`; else, at the first
 * field that is not, the fields there are (which the compiler's error shows).
 */
type Checked<T, Path extends readonly string[]> = Path extends readonly [infer Head, ...infer Rest extends readonly string[]]
	? [Head] extends [keyof Inner<T> & string]
		? readonly [Head, ...Checked<Inner<T>[Head & keyof Inner<T>], Rest>]
		: readonly [keyof Inner<T> & string]
	: readonly [];

/** A function that returns the field path it is given, once the compiler has checked it against `T`. */
export function fieldsOf<T>() {
	return <const Path extends readonly string[]>(...path: Path & Checked<T, Path>): Path => path;
}

/** An object read from the input with the fields of `T`, none of them checked yet. */
export type Unchecked<T> = {[Field in keyof T]?: unknown};
