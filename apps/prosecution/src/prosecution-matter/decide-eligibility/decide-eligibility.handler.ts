import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { JurisdictionRegistry } from '@lead/jurisdictions';
import { matterRecordOf } from '../get-matter/matter-record.js';
import { isProsecutorOffice } from '../prosecutor-office.js';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';
import { DecideEligibilityCommand, type DecideEligibilityResult } from './decide-eligibility.command.js';

/**
 * The prosecutor's decision: the matter must be visible to the caller (else 404, as if absent); whether the
 * caller's agency is a prosecutor office comes from the jurisdiction's configuration (the protocol version in force
 * when the decision is taken, else the matter's own version); the decider applies the rules and appends on
 * `prosecution-<matterId>` (read once) with the revision the caller saw, when it sent one.
 */
@CommandHandler(DecideEligibilityCommand)
export class DecideEligibilityHandler implements ICommandHandler<DecideEligibilityCommand, DecideEligibilityResult> {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(JurisdictionRegistry) private readonly jurisdictions: JurisdictionRegistry,
  ) {}

  async execute({
    matterId,
    request,
    prosecutor,
    expectedRevision,
    correlationId,
  }: DecideEligibilityCommand): Promise<DecideEligibilityResult> {
    const stream = matterStream(matterId);
    const loaded = await this.matters.load(stream);
    const matter = prosecutor.visible(loaded.state.matter ?? undefined);
    const at = request.decidedAt === undefined ? new Date().toISOString() : new Date(request.decidedAt).toISOString();
    const { agency, subject } = prosecutor.principal;
    const agencyIsProsecutorOffice = isProsecutorOffice(this.jurisdictions, matter, agency, new Date());
    const result = await this.matters.handle(
      stream,
      {
        type: 'DecideEligibility',
        eligible: request.eligible,
        reasonCode: request.reasonCode,
        prosecutor: { subject, agency, agencyIsProsecutorOffice },
        at,
      },
      {
        loaded,
        metadata: {
          correlationId,
          actor: prosecutor.actor,
          jurisdiction: matter.jurisdiction,
          participantId: matter.participantId,
        },
        ...(expectedRevision !== undefined ? { expectedRevision } : {}),
      },
    );
    return { record: matterRecordOf(result.state, agency, new Date())!, revision: result.revision };
  }
}
