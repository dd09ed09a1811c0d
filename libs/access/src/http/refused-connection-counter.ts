import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RefusedConnectionListener } from '@lead/platform';
import { UNREADABLE_REQUEST_REASONS, type UnreadableRequestReason } from '../audit/refusal.js';
import { RefusalLedger } from '../audit/refusal-ledger.js';
import { AddressThrottle } from '../throttle/address-throttle.js';
import { withoutIpv4Mapping } from './client-address.js';

/**
 * Counts what Node's HTTP parser refused (headers over 16 KB, bytes that are not HTTP) like any
 * request refused before authentication: in the access audit, and against the address's throttle.
 * The answer has already gone out, so the throttle is only spent here; the next request with a bad
 * or no token from that address finds the bucket emptier.
 */
@Injectable()
export class RefusedConnectionCounter implements RefusedConnectionListener {
  private readonly logger = new Logger('RefusedConnectionCounter');

  constructor(
    @Inject(RefusalLedger) private readonly ledger: RefusalLedger,
    @Inject(AddressThrottle) private readonly throttle: AddressThrottle,
  ) {}

  refused(refusal: { address: string; status: number; reason: string }): void {
    const address = withoutIpv4Mapping(refusal.address);
    const reason = (UNREADABLE_REQUEST_REASONS as readonly string[]).includes(refusal.reason)
      ? (refusal.reason as UnreadableRequestReason)
      : 'malformed-request';
    this.ledger.record({
      status: refusal.status,
      reason,
      method: 'OTHER',
      route: null,
      address,
      subject: null,
      agency: null,
    });
    this.throttle.spend(address).catch((error: unknown) => {
      this.logger.error({ msg: 'Cannot spend the address throttle for a refused connection', err: error });
    });
  }
}
