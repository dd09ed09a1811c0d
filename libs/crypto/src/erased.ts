/**
 * What a personal value reads as once its participant's data key was shredded. A JSON object rather
 * than `null` or a string, so a read model can tell "erased" from "never given" and from any real
 * value (request validation never lets a `$`-prefixed key in).
 */
export interface Erased {
  readonly $erased: true;
}

export const ERASED: Erased = Object.freeze({ $erased: true });

export function isErased(value: unknown): value is Erased {
  return typeof value === 'object' && value !== null && (value as { $erased?: unknown }).$erased === true;
}
