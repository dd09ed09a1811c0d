import type { ReadModelDefinition } from '@lead/platform';
import { ParticipantMerge } from './participant-merge.entity.js';
import { ReferralSummary } from './referral-summary.entity.js';

/**
 * The referrals service's read models, in its own schema. The tables change only through these
 * migrations; a change the projection must be replayed for also bumps `PROJECTION_VERSION`
 * (referral-projection.worker.ts), and its migration empties the tables (`TRUNCATE`, so no old row
 * versions linger).
 */
export const referralReadModel: ReadModelDefinition = {
  component: 'read-models',
  entities: [ReferralSummary, ParticipantMerge],
  migrations: [
    {
      version: 1,
      name: 'referral summaries and participant merges',
      sql: (s) => `
CREATE TABLE ${s}.referral_summaries (
  referral_id             uuid        PRIMARY KEY,
  participant_id          uuid        NOT NULL,
  recorded_participant_id uuid        NOT NULL,
  jurisdiction            text        NOT NULL,
  district                text        NOT NULL,
  door                    text        NOT NULL,
  referrer_agency         text        NOT NULL,
  referrer_subject        text        NOT NULL,
  referred_at             timestamptz NOT NULL,
  protocol_version        text        NOT NULL,
  status                  text        NOT NULL CHECK (status IN ('open', 'accepted', 'closed')),
  close_reason            text,
  screened_eligible       boolean,
  eligible                boolean,
  prosecutor_eligible     boolean,
  prosecutor_basis        text,
  prosecutor_reason_code  text,
  prosecutor_agency       text,
  offer_accepted          boolean,
  aggrieved_party_agreed  boolean,
  hand_off_minutes        double precision,
  hand_off_within_target  boolean,
  custody_relinquished    boolean     NOT NULL DEFAULT false,
  revision                integer     NOT NULL,
  updated_at              timestamptz NOT NULL
);
-- The list (newest first, keyset on referred_at, referral_id) and the counts, both per jurisdiction.
CREATE INDEX referral_summaries_by_jurisdiction ON ${s}.referral_summaries (jurisdiction, referred_at DESC, referral_id DESC);
CREATE INDEX referral_summaries_by_participant ON ${s}.referral_summaries (participant_id);
CREATE TABLE ${s}.participant_merges (
  participant_id uuid        PRIMARY KEY,
  merged_into    uuid        NOT NULL,
  revision       integer     NOT NULL,
  merged_at      timestamptz NOT NULL
);
`,
    },
  ],
};
