/** Identifies the format of a sealed value, so a later format can be introduced beside it. */
export const SEALED_FORMAT = 'aes-256-gcm/v1';

/**
 * A personal value as it is stored inside an event: the JSON of the value, sealed with the
 * participant's data key. `data` is base64 of `iv ‖ tag ‖ ciphertext`.
 */
export interface SealedValue {
  $sealed: typeof SEALED_FORMAT;
  data: string;
  /**
   * The key it is sealed with when not the participant's: a scope of its own, e.g. `arrest:<referralId>`, so that
   * destroying that key erases this value alone. A scoped value is always sealed again, whole, with the participant's
   * key (`PersonalDataCipher.sealScoped`), so erasing the participant erases it too.
   */
  scope?: string;
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
