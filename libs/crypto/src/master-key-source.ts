/**
 * Where data keys get wrapped: the one secret that protects every participant's data key. A port,
 * so that a KMS (AWS KMS, GCP KMS, Vault transit) can replace the configured key without the key
 * store or the cipher changing: a KMS never hands its key out, it wraps and unwraps on request.
 */
export interface MasterKeySource {
  /** Names the master key new data keys are wrapped with; stored beside each wrapped key for rotation. */
  readonly keyId: string;
  /** Encrypts a data key; `context` (the participant id) must be given again to unwrap it. */
  wrapDataKey(dataKey: Buffer, context: string): Promise<Buffer>;
  /** @throws when `keyId` names a master key this source does not hold, or the wrap was altered. */
  unwrapDataKey(wrapped: Buffer, context: string, keyId: string): Promise<Buffer>;
}

/** Injection token of the service's `MasterKeySource`. */
export const MASTER_KEY_SOURCE = Symbol('MasterKeySource');
