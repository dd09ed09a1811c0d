import { DataKeyMissing } from './errors.js';
import { ERASED, type Erased } from './erased.js';
import { openBytes, sealBytes } from './aes-gcm.js';
import type { DataKeyStore } from './data-key-store.js';
import { transformMatching, transformPaths, type FieldPath } from './field-paths.js';
import { isSealedValue, SEALED_FORMAT, type SealedValue } from './sealed-value.js';

/** Binds every sealed value to its participant: moved into another participant's data, it fails to open. */
function associatedData(participantId: string): Buffer {
  return Buffer.from(`lead-personal-data/v1:${participantId}`);
}

/** Binds a scoped value to its scope and its participant: moved to another scope or person, it fails to open. */
function scopedAssociatedData(scope: string, participantId: string): Buffer {
  return Buffer.from(`lead-personal-data/v1:${scope}#${participantId}`);
}

/**
 * Seals personal values (name, date of birth, address, contact details, offense narratives) with
 * the participant's data key, and opens them again — or answers `ERASED` once the key is shredded.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: DataKeyStore) {}

  async seal(participantId: string, value: unknown): Promise<SealedValue> {
    const key = await this.keys.dataKeyFor(participantId);
    return this.sealWith(key, participantId, value);
  }

  /**
   * Each value sealed, in order, under one lookup of the participant's data key. `newParticipant`: the id was just
   * minted, so the key is created without looking for one first (one round trip; an existing key is still found).
   */
  async sealEach(
    participantId: string,
    values: readonly unknown[],
    options: { newParticipant?: boolean } = {},
  ): Promise<SealedValue[]> {
    if (values.length === 0) return [];
    const key = await this.keys.dataKeyFor(participantId, options);
    return values.map((value) => this.sealWith(key, participantId, value));
  }

  /** Copy of `data` with the value at each path sealed. One key lookup for all of them. */
  async sealFields<T>(participantId: string, data: T, paths: readonly FieldPath[]): Promise<T> {
    let key: Buffer | undefined;
    return transformPaths(data, paths, async (value) => {
      if (isSealedValue(value)) return value;
      key ??= await this.keys.dataKeyFor(participantId);
      return this.sealWith(key, participantId, value);
    });
  }

  /**
   * `value` of `participantId` sealed with the data key of `scope` (a key of its own, e.g. one arrest's), to be sealed
   * again with the participant's key like any other value: shredding either key erases it. The scope's key is
   * created on first use; the value is bound to the scope and the participant both.
   */
  async sealScoped(scope: string, participantId: string, value: unknown): Promise<SealedValue> {
    const [sealed] = await this.sealScopedEach(scope, participantId, [value]);
    return sealed!;
  }

  /** `sealScoped` for several values of one scope: one key lookup for all of them. */
  async sealScopedEach(scope: string, participantId: string, values: readonly unknown[]): Promise<SealedValue[]> {
    if (values.length === 0) return [];
    const key = await this.keys.dataKeyFor(scope);
    return values.map((value) => ({
      $sealed: SEALED_FORMAT,
      data: sealBytes(
        key,
        Buffer.from(JSON.stringify(value), 'utf8'),
        scopedAssociatedData(scope, participantId),
      ).toString('base64'),
      scope,
    }));
  }

  /** Destroys the key of `scope`: every value sealed with it reads as erased, the participant's others do not. */
  async shredScope(scope: string): Promise<void> {
    await this.keys.shred(scope);
  }

  async open(participantId: string, sealed: SealedValue): Promise<unknown | Erased> {
    return this.openAll(participantId, sealed);
  }

  /**
   * Copy of `data` with every sealed value, at any depth, replaced by its plaintext — or by `ERASED`
   * when the participant's key was shredded. Data without sealed values is returned as it is.
   */
  async openAll<T>(participantId: string, data: T): Promise<T> {
    const keys = new Map<string, Buffer | 'erased'>();
    const keyOf = async (owner: string): Promise<Buffer | 'erased'> => {
      let key = keys.get(owner);
      if (key === undefined) {
        const lookup = await this.keys.lookup(owner);
        if (lookup.state === 'none') throw new DataKeyMissing(owner);
        key = lookup.state === 'active' ? lookup.key : 'erased';
        keys.set(owner, key);
      }
      return key;
    };
    const openLayer = async (owner: string, aad: Buffer, sealed: SealedValue): Promise<unknown> => {
      const key = await keyOf(owner);
      if (key === 'erased') return ERASED;
      return JSON.parse(openBytes(key, Buffer.from(sealed.data, 'base64'), aad).toString('utf8')) as unknown;
    };
    // The participant's layer always opens with the participant's key, whatever a stored value claims; only the
    // value found inside it may name a scope, and it opens bound to that scope and this participant.
    return transformMatching(data, isSealedValue, async (value) => {
      const opened = await openLayer(participantId, associatedData(participantId), value as SealedValue);
      if (!isSealedValue(opened) || opened.scope === undefined) return opened;
      return openLayer(opened.scope, scopedAssociatedData(opened.scope, participantId), opened);
    });
  }

  private sealWith(key: Buffer, participantId: string, value: unknown): SealedValue {
    const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
    return {
      $sealed: SEALED_FORMAT,
      data: sealBytes(key, plaintext, associatedData(participantId)).toString('base64'),
    };
  }
}
