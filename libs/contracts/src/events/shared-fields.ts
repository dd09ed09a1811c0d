import { code, constant, object, optional, uuid } from '../schema/schema-builders.js';
import type { TypedSchema } from '../schema/typed-schema.js';

/*
 * Fields several events share, so one wording describes them everywhere. Each call returns a fresh
 * schema object: the published JSON and the AsyncAPI document then repeat the field instead of
 * aliasing one object.
 */

export const referralId = () =>
  uuid('The referral: an id minted by the referrals service, linkable to a person only through its authorised API.');

export const caseId = () => uuid('The case, opened by case management for one accepted referral.');

export const matterId = () =>
  uuid('The prosecution matter: the prosecutor office’s record of one diverted arrest and its charge.');

export const agencyCode = (role: string) =>
  code(`${role}: the agency id from the jurisdiction's configuration (e.g. \`DPD\`, \`ARTS\`).`);

export const districtCode = () => code('The district the referral was made in, as the jurisdiction configures it.');

export const protocolVersion = () =>
  code('The diversion protocol version in force (jurisdiction configuration, e.g. `2018-07`), as adopted by the PCG.');

export const offenseCode = (when: string) =>
  code(
    `${when}: the offense code of the jurisdiction's offense catalogue (e.g. \`CO-18-18-403.5\`). Never a narrative.`,
  );

/** `SEALED_FORMAT` of libs/crypto: a sealed value's format. Contracts do not depend on the crypto library. */
const SEALED_FORMAT = 'aes-256-gcm/v1';

/**
 * A value sealed with the participant's data key (libs/crypto `SealedValue`): readable only by a service that holds
 * the key store, through `PersonalDataCipher.open(participantId, value)` with the event's `participantId`; unreadable
 * everywhere, retained Kafka logs included, once the participant's key is shredded. `data` is base64 of
 * `iv ‖ tag ‖ ciphertext`, at most `maxLength` characters; `scope` names a key of its own (e.g. `arrest:<id>`) when
 * the value is sealed under it before the participant's key.
 */
export const sealedValue = (description: string, { maxLength = 4096 }: { maxLength?: number } = {}) =>
  object(
    {
      $sealed: constant(SEALED_FORMAT, 'The format of the sealed value: AES-256-GCM, version 1.'),
      data: {
        type: 'string',
        pattern: '^[A-Za-z0-9+/]+={0,2}$',
        maxLength,
        description: 'Base64 of the 12-byte IV, the 16-byte tag and the ciphertext.',
      } as TypedSchema<string>,
      scope: optional({
        type: 'string',
        pattern: '^[A-Za-z0-9._:-]{1,128}$',
        description: 'The key of its own the value was sealed with before the participant’s (e.g. `arrest:<id>`).',
      } as TypedSchema<string>),
    },
    description,
  );
