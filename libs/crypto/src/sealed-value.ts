/** Identifies the format of a sealed value, so a later format can be introduced beside it. */
export const SEALED_FORMAT = 'aes-256-gcm/v1';

/**
 * A personal value as it is stored inside an event: the JSON of the value, sealed with the
 * participant's data key. `data` is base64 of `iv ‖ tag ‖ ciphertext`.
 */
export interface SealedValue {
  $sealed: typeof SEALED_FORMAT;
  data: string;
}

export function isSealedValue(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { $sealed?: unknown }).$sealed === SEALED_FORMAT &&
    typeof (value as { data?: unknown }).data === 'string'
  );
}
