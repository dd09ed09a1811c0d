import { Controller, Get, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  PlatformModule,
  SERVICE_APP_OPTIONS,
  configureServiceApp,
  LOG_DESTINATION,
  ServiceConfig,
} from '@lead/platform';
import { randomBytes } from 'node:crypto';
import { dropSchemas, LogCapture, TEST_DATABASE_URL } from '@lead/testing';
import { AccessModule } from '../src/access.module.js';
import type { Disclosure } from '../src/disclosure/disclose.js';
import { ParticipantRead } from '../src/http/participant-read.decorator.js';
import { defineAccessPolicy, type AccessPolicy } from '../src/policy/access-policy.js';
import { platformRoutesPolicy } from '../src/policy/standard-policies.js';

@Controller('widgets')
class WidgetsController {
  @Get()
  list() {
    return [];
  }

  @Post()
  create() {
    return {};
  }
}

@Controller('people')
class PeopleController {
  @Get(':id')
  @ParticipantRead()
  read(): Disclosure[] {
    return [];
  }
}

class EnforcementConfig extends ServiceConfig {
  override HTTP_PORT = 3997;
}

/** Builds the app like production and initialises it (routes registered, bootstrap hooks run), then closes it. */
async function initialise(policy: AccessPolicy, controllers: Function[]): Promise<void> {
  const suffix = randomBytes(5).toString('hex');
  const schemas = [`test_enf_${suffix}`, `test_enf_es_${suffix}`];
  Object.assign(process.env, {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schemas[0],
    EVENT_STORE_SCHEMA: schemas[1],
    LOG_LEVEL: 'silent',
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      PlatformModule.forRoot({ serviceName: 'enforcement', schema: schemas[0], config: EnforcementConfig }),
      AccessModule.forRoot({ policy }),
    ],
    controllers: controllers as never[],
  })
    .overrideProvider(LOG_DESTINATION)
    .useValue(new LogCapture())
    .compile();
  const app = moduleRef.createNestApplication(SERVICE_APP_OPTIONS);
  configureServiceApp(app);
  try {
    await app.init();
  } finally {
    await app.close();
    await dropSchemas(TEST_DATABASE_URL, schemas);
  }
}

/** Fail fast: an app whose routes and policy disagree does not start at all. */
describe('access policy enforcement at start-up', () => {
  const widgets = defineAccessPolicy({
    ...platformRoutesPolicy,
    'GET /v1/widgets': { roles: ['program_admin'], scope: 'jurisdiction-filtered', audited: false },
    'POST /v1/widgets': { roles: ['program_admin'], scope: 'jurisdiction', audited: false },
  });

  it('starts when every route has exactly one entry', async () => {
    await expect(initialise(widgets, [WidgetsController])).resolves.toBeUndefined();
  });

  it('refuses to start when a route has no policy entry, naming it', async () => {
    const { 'POST /v1/widgets': _create, ...withoutCreate } = widgets;
    await expect(initialise(withoutCreate, [WidgetsController])).rejects.toThrow(
      /POST \/v1\/widgets \(WidgetsController\.create\) has no entry in the access policy/,
    );
  });

  it('refuses to start when the policy names a route nobody serves', async () => {
    const stale = {
      ...widgets,
      'DELETE /v1/widgets/:id': { roles: ['program_admin'], scope: 'jurisdiction', audited: false },
    } as AccessPolicy;
    await expect(initialise(stale, [WidgetsController])).rejects.toThrow(
      /DELETE \/v1\/widgets\/:id is in the access policy but no route serves it/,
    );
  });

  it('refuses to start when a route answering participant data is not audited, or the other way round', async () => {
    const unaudited = defineAccessPolicy({
      ...platformRoutesPolicy,
      'GET /v1/people/:id': { roles: ['case_manager'], scope: 'jurisdiction', audited: false },
    });
    await expect(initialise(unaudited, [PeopleController])).rejects.toThrow(
      /GET \/v1\/people\/:id \(PeopleController\.read\) is marked @ParticipantRead\(\) but not audited in the policy/,
    );
    const falselyAudited = defineAccessPolicy({
      ...platformRoutesPolicy,
      'GET /v1/widgets': {
        roles: ['case_manager'],
        scope: 'jurisdiction-filtered',
        audited: true,
        views: { case_manager: 'full' },
      },
      'POST /v1/widgets': { roles: ['program_admin'], scope: 'jurisdiction', audited: false },
    });
    await expect(initialise(falselyAudited, [WidgetsController])).rejects.toThrow(
      /GET \/v1\/widgets \(WidgetsController\.list\) is audited in the policy but not marked @ParticipantRead\(\)/,
    );
  });
});
