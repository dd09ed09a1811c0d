import { Body, Controller, Logger, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import http from 'node:http';
import { currentCorrelationId } from '../logging/request-context.js';
import { startTestService, type TestService } from '@lead/testing';
import { CORRELATION_ID_HEADER } from './correlation-id.middleware.js';

class NoteDto {
  @IsString()
  text!: string;
}

@Controller('notes')
class NotesController {
  private readonly logger = new Logger('NotesController');

  @Post()
  async add(@Body() note: NoteDto) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.log(`note of ${note.text.length} characters`);
    return { correlationId: currentCorrelationId() };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlation ids', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ controllers: [NotesController] });
  });
  afterAll(async () => {
    await service?.close();
  });

  const post = (headers: Record<string, string> = {}) =>
    fetch(`${service.url}/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ text: 'hello' }),
    });

  it('echoes the caller’s x-correlation-id and puts it on every log line of the request', async () => {
    const response = await post({ [CORRELATION_ID_HEADER]: 'req-7f3a' });
    expect(response.status).toBe(201);
    expect(response.headers.get(CORRELATION_ID_HEADER)).toBe('req-7f3a');
    expect(await response.json()).toEqual({ correlationId: 'req-7f3a' });

    const lines = service.logs.lines.filter((line) => line.correlationId === 'req-7f3a');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ context: 'NotesController', msg: 'note of 5 characters' }),
        expect.objectContaining({
          msg: 'request',
          method: 'POST',
          path: '/v1/notes',
          status: 201,
          durationMs: expect.any(Number),
        }),
      ]),
    );
  });

  it('generates a UUID when the caller sends none', async () => {
    const response = await post();
    const correlationId = response.headers.get(CORRELATION_ID_HEADER);
    expect(correlationId).toMatch(UUID);
    expect(service.logs.lines.some((line) => line.correlationId === correlationId && line.msg === 'request')).toBe(
      true,
    );
  });

  it('replaces a correlation id that could forge log content', async () => {
    const response = await post({ [CORRELATION_ID_HEADER]: 'x" , "level":"fatal' });
    expect(response.headers.get(CORRELATION_ID_HEADER)).toMatch(UUID);
  });

  it('keeps the id through a body that arrives in pieces', async () => {
    await new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ text: 'slow' });
      const request = http.request(
        `${service.url}/v1/notes`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            [CORRELATION_ID_HEADER]: 'slow-1',
          },
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 5));
      setTimeout(() => request.end(body.slice(5)), 50);
    });
    expect(service.logs.lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ correlationId: 'slow-1', msg: 'note of 4 characters' })]),
    );
  });

  it('carries the id on error responses too, including body-parser errors', async () => {
    const response = await fetch(`${service.url}/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CORRELATION_ID_HEADER]: 'bad-json-1' },
      body: '{',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get(CORRELATION_ID_HEADER)).toBe('bad-json-1');
    expect(await response.json()).toMatchObject({ correlationId: 'bad-json-1' });
  });
});
