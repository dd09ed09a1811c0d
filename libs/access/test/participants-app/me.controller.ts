import { Controller, Get } from '@nestjs/common';
import type { AccessContext } from '../../src/http/access-context.js';
import { Caller } from '../../src/http/caller.decorator.js';

/** Test-only: who the token says the caller is (a `self` route). */
@Controller('me')
export class MeController {
  @Get()
  whoAmI(@Caller() caller: AccessContext) {
    const { subject, agency, roles, jurisdictions } = caller.principal;
    return { subject, agency, roles, jurisdictions, actingRole: caller.role };
  }
}
