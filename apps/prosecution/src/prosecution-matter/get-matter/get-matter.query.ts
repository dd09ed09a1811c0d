import type { Principal, ScopedRecord } from '@lead/access';
import { Query } from '@nestjs/cqrs';
import type { MatterRecord } from './matter-record.js';

/** Who reads a matter: their agency (what a consent names), and the scope check (another jurisdiction's is a 404). */
export interface MatterReader {
  readonly principal: Pick<Principal, 'agency'>;
  visible<T extends ScopedRecord>(record: T | undefined): T;
}

export interface GetMatterResult {
  record: MatterRecord;
  /** The stream's revision, answered as the `ETag` a following decision sends back in `If-Match`. */
  revision: number;
}

/** One matter, fresh from its stream. */
export class GetMatterQuery extends Query<GetMatterResult> {
  constructor(
    readonly matterId: string,
    readonly reader: MatterReader,
  ) {
    super();
  }
}
