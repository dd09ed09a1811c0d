import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '@lead/scheduling';
import { CLOCK } from '@lead/scheduling/service';
import { matterStream, ProsecutionMatterRepository } from '../prosecution-matter.repository.js';
import { GetMatterQuery, type GetMatterResult } from './get-matter.query.js';
import { matterRecordOf } from './matter-record.js';

/**
 * Reads the matter's own stream (no read model: always fresh, and its revision is the ETag), then checks the
 * caller may see it. A matter not opened, or of another jurisdiction, answers the same 404.
 */
@QueryHandler(GetMatterQuery)
export class GetMatterHandler implements IQueryHandler<GetMatterQuery, GetMatterResult> {
  constructor(
    @Inject(ProsecutionMatterRepository) private readonly matters: ProsecutionMatterRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ matterId, reader }: GetMatterQuery): Promise<GetMatterResult> {
    const { state, revision } = await this.matters.load(matterStream(matterId));
    const record = reader.visible(matterRecordOf(state, reader.principal.agency, this.clock.now()));
    return { record, revision: revision === 'no_stream' ? -1 : revision };
  }
}
