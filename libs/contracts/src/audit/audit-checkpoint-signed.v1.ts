import { defineEventContract, type ContractData } from '../event-contract.js';
import { arrayOf, constant, dateTime, integer, object, optional, uuid } from '../schema/schema-builders.js';
import type { TypedSchema } from '../schema/typed-schema.js';
import { AUDIT_TOPIC } from '../topics.js';

/** `CHECKPOINT_FORMAT` of libs/event-store: contracts do not depend on the store. */
const CHECKPOINT_FORMAT = 'lead-event-store-checkpoint/1';

const hex = (description: string): TypedSchema<string> => ({
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  description,
});

const position = (description: string): TypedSchema<string> => ({
  type: 'string',
  pattern: '^[0-9]+/[0-9]+$',
  description,
});

export const auditCheckpointSignedV1 = defineEventContract({
  type: 'lead.audit.checkpoint-signed',
  version: 1,
  topic: AUDIT_TOPIC,
  summary: 'The event store was checkpointed: its `$all` digest and stream heads’ Merkle root, signed with ed25519.',
  description:
    'The signed statement of one checkpoint (docs/audit.md), exactly the fields the signature covers plus the ' +
    'signature: verify it with the auditor’s public key of `keyId` over the canonical JSON of every field but ' +
    '`signature` (sorted keys, no whitespace). Keep every one: `lead-audit verify --checkpoints <dir>` checks the ' +
    'store against each, and a writer of the services’ database can neither recompute a signature nor reach a ' +
    'copy kept off the bus. The stream heads stay in the checkpoint files (they name streams); this statement ' +
    'proves that history up to `lastGlobalPosition` was changed, the files say where. No participant’s data.',
  data: object({
    format: constant(CHECKPOINT_FORMAT, 'The checkpoint format.'),
    id: uuid('The checkpoint id; also the message’s `ce_id` and the checkpoint file’s name.'),
    createdAt: dateTime('When the checkpoint was taken.'),
    storeId: {
      type: 'string',
      pattern: '^[A-Za-z0-9._-]{1,100}$',
      description: 'Which store (EVENT_STORE_ID): a checkpoint of one store proves nothing about another.',
    } as TypedSchema<string>,
    lastGlobalPosition: {
      oneOf: [position('`commit/prepare`'), { type: 'null' }],
      description: 'Position of the last `$all` event covered; null for an empty store.',
    } as TypedSchema<string | null>,
    eventCount: integer('Events in `$all` up to and including `lastGlobalPosition`, excluded streams left out.', {
      minimum: 0,
    }),
    allDigest: {
      type: 'string',
      pattern: '^([0-9a-f]{64})?$',
      description: 'Rolling sha256 over those events’ hashes, in global order; empty when `eventCount` is 0.',
    } as TypedSchema<string>,
    merkleRoot: hex('Merkle root over every stream head (sorted by stream id) as the checkpoint file lists them.'),
    streamCount: integer('Streams the heads cover.', { minimum: 0 }),
    fingerprintChars: integer('Hex characters of each event’s hash the file keeps per revision.', {
      minimum: 0,
      maximum: 64,
    }),
    excludedPrefixes: optional(
      arrayOf(
        {
          type: 'string',
          pattern: '^[A-Za-z0-9._-]{1,100}$',
          description: 'A stream-id prefix.',
        } as TypedSchema<string>,
        'Streams left out: those whose names are personal (a blind index) and which erasure purges. Absent: none.',
        { minItems: 1, unique: true },
      ),
    ),
    keyId: {
      type: 'string',
      pattern: '^[A-Za-z0-9._:-]{1,128}$',
      description: 'The signing key’s id (`ed25519:` + 16 hex characters of the sha256 of its SPKI).',
    } as TypedSchema<string>,
    signature: {
      type: 'string',
      pattern: '^[A-Za-z0-9+/]{86}==$',
      description: 'The ed25519 signature, base64.',
    } as TypedSchema<string>,
  }),
});

export type AuditCheckpointSignedV1 = ContractData<typeof auditCheckpointSignedV1>;
