/** An OpenAPI 3.0 document or a part of it, as JSON. */
export type OpenApiNode = Record<string, unknown>;

/** The schema a `$ref` names, or the schema itself. */
export function resolveSchema(document: OpenApiNode, schema: OpenApiNode): OpenApiNode {
  let current = schema;
  const seen = new Set<string>();
  while (typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`${ref} refers to itself`);
    seen.add(ref);
    if (!ref.startsWith('#/')) throw new Error(`${ref}: only local references are expected`);
    let target: unknown = document;
    for (const part of ref.slice(2).split('/')) target = (target as OpenApiNode | undefined)?.[part];
    if (target === undefined) throw new Error(`${ref} names nothing in the document`);
    current = target as OpenApiNode;
  }
  return current;
}

/**
 * A value built from the document's own examples only: a schema's `example` where it has one, else an object of its
 * properties' examples (every property that has one, optional ones too), an array of one item, or `allOf` merged.
 * Undefined where the document gives no example: for a required property that makes the request incomplete, which
 * the caller's test reports.
 */
export function exampleOf(document: OpenApiNode, schema: OpenApiNode): unknown {
  const resolved = resolveSchema(document, schema);
  if (resolved.example !== undefined) return resolved.example;
  if (Array.isArray(resolved.allOf)) {
    const parts = (resolved.allOf as OpenApiNode[]).map((part) => exampleOf(document, part));
    return Object.assign({}, ...parts.filter((part) => typeof part === 'object' && part !== null));
  }
  if (resolved.type === 'array' && resolved.items) {
    const item = exampleOf(document, resolved.items as OpenApiNode);
    return item === undefined ? undefined : [item];
  }
  if (resolved.properties) {
    const value: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(resolved.properties as Record<string, OpenApiNode>)) {
      const example = exampleOf(document, property);
      if (example !== undefined) value[name] = example;
    }
    return value;
  }
  return undefined;
}

/** The required properties (dotted paths) the examples leave out: each must get an example in its DTO. */
export function missingExamples(document: OpenApiNode, schema: OpenApiNode, value: unknown, at = ''): string[] {
  const resolved = resolveSchema(document, schema);
  if (Array.isArray(resolved.allOf))
    return (resolved.allOf as OpenApiNode[]).flatMap((part) => missingExamples(document, part, value, at));
  if (!resolved.properties || typeof value !== 'object' || value === null) return [];
  const missing: string[] = [];
  const required = (resolved.required ?? []) as string[];
  for (const [name, property] of Object.entries(resolved.properties as Record<string, OpenApiNode>)) {
    const inner = (value as Record<string, unknown>)[name];
    if (inner === undefined) {
      if (required.includes(name)) missing.push(`${at}${name}`);
    } else missing.push(...missingExamples(document, property, inner, `${at}${name}.`));
  }
  return missing;
}

/** Each operation of the document with its path, method and request body schema (if it takes one). */
export function operationsOf(
  document: OpenApiNode,
): { path: string; method: string; operation: OpenApiNode; body?: OpenApiNode }[] {
  const found: { path: string; method: string; operation: OpenApiNode; body?: OpenApiNode }[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, OpenApiNode>)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const operation = item[method] as OpenApiNode | undefined;
      if (!operation) continue;
      const content = (operation.requestBody as OpenApiNode | undefined)?.content as
        Record<string, OpenApiNode> | undefined;
      const body = content?.['application/json']?.schema as OpenApiNode | undefined;
      found.push({ path, method, operation, ...(body ? { body } : {}) });
    }
  }
  return found;
}
