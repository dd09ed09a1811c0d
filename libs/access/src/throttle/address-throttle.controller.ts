import { Controller, Delete, Get, HttpCode, Inject, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { newEventId, type EventStore } from '@lead/event-store';
import { currentCorrelationId, EVENT_STORE } from '@lead/platform';
import {
  ADDRESS_THROTTLE_LIFTED,
  throttleAuditStream,
  type AddressThrottleLifted,
} from '../audit/access-audit-events.js';
import type { AccessContext } from '../http/access-context.js';
import { Caller } from '../http/caller.decorator.js';
import { ClientAddressParam } from './client-address.param.js';
import { AddressThrottle } from './address-throttle.js';

/**
 * Program administrators' view of the throttle: which addresses are throttled now, and lifting one
 * (its bucket is refilled at once; other replicas stop answering it from memory within two seconds).
 * Every lift is written to the access audit before it is answered. Mount it with `addressThrottlePolicy`.
 */
@ApiTags('access')
@Controller('access/throttled-addresses')
export class AddressThrottleController {
  constructor(
    @Inject(AddressThrottle) private readonly throttle: AddressThrottle,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  async list(): Promise<{ addresses: { address: string; retryAfterSeconds: number }[] }> {
    return { addresses: await this.throttle.throttled(500) };
  }

  @Delete(':address')
  @HttpCode(200)
  async lift(
    @Param() { address }: ClientAddressParam,
    @Caller() caller: AccessContext,
  ): Promise<AddressThrottleLifted> {
    const wasThrottled = await this.throttle.lift(address);
    const lifted: AddressThrottleLifted = {
      address,
      wasThrottled,
      actor: { subject: caller.principal.subject, agency: caller.principal.agency, role: caller.role },
      liftedAt: new Date().toISOString(),
    };
    await this.store.appendToStream(
      throttleAuditStream(new Date(lifted.liftedAt)),
      [
        {
          eventId: newEventId(),
          type: ADDRESS_THROTTLE_LIFTED,
          schemaVersion: 1,
          data: lifted,
          metadata: { correlationId: currentCorrelationId() ?? 'none', actor: caller.actor },
        },
      ],
      'any',
    );
    return lifted;
  }
}
