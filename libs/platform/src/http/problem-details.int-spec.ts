import { Body, Controller, Get, Inject, Logger, Param, Post } from '@nestjs/common';
import { DomainRuleViolation, newEventId, StreamNotFound, type EventStore } from '@lead/event-store';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import { EVENT_STORE } from '../event-store/event-store.provider.js';
import { startTestService, type TestService } from '@lead/testing';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details.js';
import { UNROUTED_INSTANCE } from './request-path.js';

class AddressDto {
  @IsString()
  @Length(1, 100)
  city!: string;

  @IsOptional()
  @IsString()
  street?: string;
}

class RegisterWidgetDto {
  @IsString()
  @Length(1, 50)
  name!: string;

  @IsInt()
  @Min(1)
  quantity!: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;
}

/** Test-only endpoints, one per kind of failure the platform maps. */
@Controller('widgets')
class WidgetsController {
  private readonly logger = new Logger('WidgetsController');

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  register(@Body() body: RegisterWidgetDto) {
    this.logger.log(`registering ${body.name}`);
    return { received: body, quantityType: typeof body.quantity, isDto: body instanceof RegisterWidgetDto };
  }

  @Post(':id/rename')
  async rename(@Param('id') id: string) {
    // Two writers built on revision 0: the second conflicts with the first.
    const event = () => ({
      eventId: newEventId(),
      type: 'WidgetRenamed',
      schemaVersion: 1,
      data: {},
      metadata: { correlationId: 'platform-test' },
    });
    await this.store.appendToStream(`widget-${id}`, [event()], 'no_stream');
    await this.store.appendToStream(`widget-${id}`, [event()], 0);
    await this.store.appendToStream(`widget-${id}`, [event()], 0);
  }

  @Post(':id/ship')
  ship() {
    throw new DomainRuleViolation('widget-not-packed', 'A widget must be packed before it is shipped', {
      requiredStep: 'pack',
    });
  }

  @Get(':id')
  find(@Param('id') id: string) {
    throw new StreamNotFound(`widget-${id}`);
  }

  @Get(':id/explode')
  explode() {
    throw new Error('connect ECONNREFUSED 10.1.2.3:5432 while reading participant Jane Doe');
  }
}

describe('problem+json errors', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ controllers: [WidgetsController] });
  });
  afterAll(async () => {
    await service?.close();
  });

  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${service.url}${path}`, {
      method,
      // A request without a body says nothing of its type (an empty body that claims JSON is malformed).
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    // No body of any error may carry a stack trace.
    expect(text).not.toMatch(/\bat .+:\d+:\d+|\.ts:\d+|node_modules/);
    return { response, text, body: text ? (JSON.parse(text) as ProblemDetails & Record<string, unknown>) : undefined };
  }

  function expectProblem(response: Response, status: number) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(new RegExp(`^${PROBLEM_CONTENT_TYPE.replace('+', '\\+')}`));
  }

  const valid = { name: 'sprocket', quantity: 2, address: { city: 'Denver' } };

  it('accepts a valid body and hands the handler a transformed DTO', async () => {
    const { response, body } = await send('POST', '/v1/widgets', valid);
    expect(response.status).toBe(201);
    expect(body).toMatchObject({ received: valid, quantityType: 'number', isDto: true });
  });

  it('answers 400 naming each invalid field, nested ones by their path', async () => {
    const { response, body } = await send('POST', '/v1/widgets', { name: '', quantity: 'two', address: { city: 42 } });
    expectProblem(response, 400);
    expect(body).toMatchObject({ type: 'urn:lead:problem:validation-failed', status: 400, instance: '/v1/widgets' });
    const fields = body!.errors!.map((error) => error.field).sort();
    expect(fields).toEqual(['address.city', 'name', 'quantity']);
    expect(body!.errors!.find((error) => error.field === 'address.city')!.messages).toContain('city must be a string');
    expect(body!.detail).toContain('address.city');
  });

  it('answers 400 for an unknown field, at any depth', async () => {
    const { response, body } = await send('POST', '/v1/widgets', {
      ...valid,
      colour: 'red',
      address: { city: 'Denver', zip: '80202' },
    });
    expectProblem(response, 400);
    expect(body!.errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', messages: ['property colour should not exist'] },
        { field: 'address.zip', messages: ['property zip should not exist'] },
      ]),
    );
  });

  it('does not echo submitted values, which may be personal data', async () => {
    const { text } = await send('POST', '/v1/widgets', { ...valid, name: 'x'.repeat(51), ssn: '123-45-6789' });
    expect(text).not.toContain('123-45-6789');
    expect(text).not.toContain('x'.repeat(51));
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { response, body } = await send('POST', '/v1/widgets', '{"name": "spro');
    expectProblem(response, 400);
    expect(body).toMatchObject({ title: 'Bad Request', detail: 'The request body is not valid JSON.' });
  });

  it('answers 413 for a body over the limit', async () => {
    const { response, body } = await send('POST', '/v1/widgets', { ...valid, name: 'x'.repeat(200_000) });
    expectProblem(response, 413);
    expect(body).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers 400 for a JSON content type with nothing in it, never reading it as {}', async () => {
    const { response, body } = await send('POST', '/v1/widgets', '');
    expectProblem(response, 400);
    expect(body).toMatchObject({ detail: 'The request body is not valid JSON.' });
  });

  it('answers 400 when a required body is missing', async () => {
    const { response, body } = await send('POST', '/v1/widgets');
    expectProblem(response, 400);
    expect(body!.status).toBe(400);
  });

  it('answers 404 for an unknown route, without echoing the path it was sent to', async () => {
    const { response, body, text } = await send('GET', '/v1/people/Jane-Doe-1980-01-01?name=Jane');
    expectProblem(response, 404);
    expect(body).toMatchObject({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route answers this method at this path.',
      instance: UNROUTED_INSTANCE,
    });
    expect(text).not.toContain('Jane');
  });

  it('answers 404 for a stream that does not exist, without naming the stream', async () => {
    const { response, body, text } = await send('GET', '/v1/widgets/w-1');
    expectProblem(response, 404);
    expect(body!.detail).toBe('The requested resource does not exist.');
    expect(text).not.toContain('widget-w-1');
  });

  it('names the route and an id only once it is a valid UUID, in the problem and in the request log', async () => {
    const id = crypto.randomUUID();
    const valid = await send('GET', `/v1/widgets/${id}`, undefined, { 'x-correlation-id': 'path-valid' });
    expect(valid.body!.instance).toBe(`/v1/widgets/${id}`);

    const typed = await send('GET', `/v1/widgets/${encodeURIComponent('Jane Doe 1980-01-01')}`, undefined, {
      'x-correlation-id': 'path-typed',
    });
    expectProblem(typed.response, 404);
    expect(typed.body!.instance).toBe('/v1/widgets/:id');
    expect(typed.text).not.toContain('Jane');

    const unrouted = await send('POST', '/v1/Jane-Doe/ship?dob=1980-01-01', undefined, {
      'x-correlation-id': 'path-unrouted',
    });
    expectProblem(unrouted.response, 404);

    const requestLine = (correlationId: string) =>
      service.logs.lines.find((line) => line.msg === 'request' && line.correlationId === correlationId);
    expect(requestLine('path-valid')).toMatchObject({ path: `/v1/widgets/${id}`, status: 404 });
    expect(requestLine('path-typed')).toMatchObject({ path: '/v1/widgets/:id', status: 404 });
    expect(requestLine('path-unrouted')).toMatchObject({ path: UNROUTED_INSTANCE, status: 404 });
    expect(JSON.stringify(service.logs.lines)).not.toMatch(/Jane|1980-01-01/);
  });

  it('answers headers over the limit with 431 problem+json when no listener counts refusals', async () => {
    const response = await fetch(`${service.url}/v1/widgets`, { headers: { 'x-padding': 'p'.repeat(20_000) } });
    expectProblem(response, 431);
    expect(await response.json()).toMatchObject({ status: 431, instance: UNROUTED_INSTANCE });
  });

  it('answers 409 with the current revision when the event store reports a conflict', async () => {
    const { response, body } = await send('POST', `/v1/widgets/${crypto.randomUUID()}/rename`);
    expectProblem(response, 409);
    expect(body).toMatchObject({ type: 'urn:lead:problem:concurrency-conflict', status: 409, currentRevision: 1 });
  });

  it('answers 422 with the rule code for a domain rule violation', async () => {
    const { response, body } = await send('POST', '/v1/widgets/w-1/ship');
    expectProblem(response, 422);
    expect(body).toMatchObject({
      type: 'urn:lead:problem:rule-violated',
      status: 422,
      code: 'widget-not-packed',
      detail: 'A widget must be packed before it is shipped',
      details: { requiredStep: 'pack' },
    });
  });

  it('answers 500 with a generic detail and logs the error instead', async () => {
    const { response, body, text } = await send('GET', '/v1/widgets/w-1/explode', undefined, {
      'x-correlation-id': 'explode-1',
    });
    expectProblem(response, 500);
    expect(body).toMatchObject({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      correlationId: 'explode-1',
    });
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('Jane Doe');
    const logged = service.logs.lines.find(
      (line) => line.level === 'error' && line.correlationId === 'explode-1' && line.err,
    );
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged!.err)).toContain('ECONNREFUSED');
  });
});
