import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A participant record that was merged into another (`ParticipantMergedInto`); followed to find a referral's participant now. */
@Entity({ name: 'participant_merges' })
export class ParticipantMerge {
  @PrimaryColumn('uuid', { name: 'participant_id' })
  participantId!: string;

  @Column('uuid', { name: 'merged_into' })
  mergedInto!: string;

  /** The participant stream's revision of the merge event. */
  @Column('integer')
  revision!: number;

  @Column('timestamptz', { name: 'merged_at' })
  mergedAt!: Date;
}
