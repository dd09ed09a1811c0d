/**
 * The participant's data key was destroyed (erasure / expungement). Refusing to write is the point:
 * a new key would let the system quietly start holding personal data about them again.
 */
export class ParticipantDataErased extends Error {
  override readonly name = 'ParticipantDataErased';
  constructor(readonly participantId: string) {
    super(`Personal data of participant ${participantId} was erased; no new personal data can be recorded for them`);
  }
}

/**
 * Sealed personal data exists but the key store has no row for its participant: the key store was
 * restored from an older backup or edited by hand. Not treated as "erased", because erasure must be
 * a recorded decision, never an accident.
 */
export class DataKeyMissing extends Error {
  override readonly name = 'DataKeyMissing';
  constructor(readonly participantId: string) {
    super(`No data key is recorded for participant ${participantId}, although sealed data refers to it`);
  }
}
