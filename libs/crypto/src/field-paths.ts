/**
 * Dotted paths into JSON data naming the personal fields of an event: `name`, `address`,
 * `contacts.*.phone` (`*` = every element of an array, or every value of an object). A path that
 * does not exist in a given event is skipped: optional fields are simply absent.
 */
export type FieldPath = string;

type Transform = (value: unknown) => Promise<unknown>;

/** Returns a copy of `data` with the value at each path replaced by `transform(value)`. */
export async function transformPaths<T>(data: T, paths: readonly FieldPath[], transform: Transform): Promise<T> {
  let result: unknown = data;
  for (const path of paths) result = await transformAt(result, path.split('.'), transform);
  return result as T;
}

async function transformAt(node: unknown, segments: string[], transform: Transform): Promise<unknown> {
  if (segments.length === 0) return node === undefined ? node : transform(node);
  if (typeof node !== 'object' || node === null) return node;
  const [head, ...rest] = segments;
  if (Array.isArray(node)) {
    if (head !== '*') return node;
    return Promise.all(node.map((element) => transformAt(element, rest, transform)));
  }
  const object = node as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(object) : Object.hasOwn(object, head) ? [head] : [];
  if (keys.length === 0) return node;
  const copy: Record<string, unknown> = { ...object };
  for (const key of keys) copy[key] = await transformAt(object[key], rest, transform);
  return copy;
}

/**
 * Returns a copy of `data` in which every value `matches` accepts, at any depth, is replaced by
 * `transform(value)` — or `data` itself when nothing matched. Iterative, so hostile nesting depth cannot overflow the stack.
 */
export async function transformMatching<T>(
  data: T,
  matches: (value: unknown) => boolean,
  transform: Transform,
): Promise<T> {
  if (matches(data)) return (await transform(data)) as T;
  if (typeof data !== 'object' || data === null) return data;
  const root = (Array.isArray(data) ? [...data] : { ...data }) as Record<string, unknown>;
  const pending: Record<string, unknown>[] = [root];
  let changed = false;
  while (pending.length > 0) {
    const container = pending.pop()!;
    for (const key of Object.keys(container)) {
      const value = container[key];
      if (matches(value)) {
        container[key] = await transform(value);
        changed = true;
      } else if (typeof value === 'object' && value !== null) {
        const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
        container[key] = copy;
        pending.push(copy);
      }
    }
  }
  // Callers compare by identity to learn whether anything was replaced.
  return changed ? (root as T) : data;
}
