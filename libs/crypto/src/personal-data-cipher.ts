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
   * `value` sealed with the data key of `scope` (a key of its own, e.g. one arrest's), to be sealed again with the
   * participant's key like any other value: shredding either key erases it. The scope's key is created on first use.
   */
  async sealScoped(scope: string, value: unknown): Promise<SealedValue> {
    const key = await this.keys.dataKeyFor(scope);
    return { ...this.sealWith(key, scope, value), scope };
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
    const openWith = async (owner: string, sealed: SealedValue): Promise<unknown> => {
      const key = await keyOf(owner);
      if (key === 'erased') return ERASED;
      const plaintext = openBytes(key, Buffer.from(sealed.data, 'base64'), associatedData(owner));
      const value = JSON.parse(plaintext.toString('utf8')) as unknown;
      // A value sealed under a scope of its own inside the participant's layer: opened with the scope's key.
      return isSealedValue(value) && value.scope !== undefined ? openWith(value.scope, value) : value;
    };
    return transformMatching(data, isSealedValue, (value) =>
      openWith((value as SealedValue).scope ?? participantId, value as SealedValue),
    );
  }

  private sealWith(key: Buffer, participantId: string, value: unknown): SealedValue {
    const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
    return {
      $sealed: SEALED_FORMAT,
      data: sealBytes(key, plaintext, associatedData(participantId)).toString('base64'),
    };
  }
}
