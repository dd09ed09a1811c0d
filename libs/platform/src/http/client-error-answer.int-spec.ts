import { Controller, Get } from '@nestjs/common';
import { connect } from 'node:net';
import { startTestService, type TestService } from '@lead/testing';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details.js';
import { REFUSED_CONNECTION_LISTENER, type RefusedConnectionListener } from './refused-connection-listener.js';
import { UNROUTED_INSTANCE } from './request-path.js';

@Controller({ path: 'ping', version: '1' })
class PingController {
  @Get()
  ping() {
    return { pong: true };
  }
}

type Refusal = Parameters<RefusedConnectionListener['refused']>[0];

/** Writes raw bytes on one connection and reads until the server closes it (or `until` says enough was read). */
function exchange(port: number, chunks: string[], until?: (received: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let next = 0;
    const send = () => {
      if (next < chunks.length) socket.write(chunks[next++]);
    };
    socket.on('connect', send);
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (until?.(received)) {
        until = undefined;
        received = '';
        send();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

function parseRaw(raw: string) {
  const [head, body] = raw.split('\r\n\r\n', 2);
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { statusLine, headers, body: JSON.parse(body) as ProblemDetails };
}

describe("what Node's HTTP parser refuses", () => {
  let service: TestService;
  let port: number;
  const refusals: Refusal[] = [];
  const listener: RefusedConnectionListener = { refused: (refusal) => refusals.push(refusal) };
  const secret = 'eyJhbGciOiJFUzI1NiJ9.Jane-Doe-1980-01-01';

  beforeAll(async () => {
    service = await startTestService({
      controllers: [PingController],
      providers: [{ provide: REFUSED_CONNECTION_LISTENER, useValue: listener }],
    });
    port = Number(new URL(service.url).port);
  });
  afterAll(async () => {
    await service?.close();
  });
  beforeEach(() => {
    refusals.length = 0;
  });

  it('answers headers over 16 KB with 431 problem+json, and counts the refusal', async () => {
    const response = await fetch(`${service.url}/v1/ping`, {
      headers: { authorization: `Bearer ${secret}`, 'x-padding': 'p'.repeat(20_000) },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    const text = await response.text();
    const body = JSON.parse(text) as ProblemDetails;
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Request Header Fields Too Large',
      status: 431,
      detail: 'The request headers are larger than the limit of 16384 bytes.',
      instance: UNROUTED_INSTANCE,
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(response.headers.get('x-correlation-id')).toBe(body.correlationId);
    expect(text).not.toContain('Jane');
    expect(refusals).toEqual([
      { address: expect.stringMatching(/127\.0\.0\.1$/), status: 431, reason: 'headers-too-large' },
    ]);
    expect(service.logs.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 431, reason: 'headers-too-large', correlationId: body.correlationId }),
      ]),
    );
    expect(JSON.stringify(service.logs.lines)).not.toContain('Jane');
    // The server goes on answering.
    expect((await fetch(`${service.url}/v1/ping`)).status).toBe(200);
  });

  it('answers bytes that are not HTTP with 400 problem+json, without echoing them', async () => {
    const raw = await exchange(port, [`GET /v1/ping?name=${secret} HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n`]);
    const { statusLine, headers, body } = parseRaw(raw);
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(headers['content-type']).toBe(`${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    expect(headers.connection).toBe('close');
    expect(body).toMatchObject({ type: 'about:blank', status: 400, instance: UNROUTED_INSTANCE });
    expect(raw).not.toContain('Jane');
    expect(refusals).toEqual([
      { address: expect.stringMatching(/127\.0\.0\.1$/), status: 400, reason: 'malformed-request' },
    ]);
  });

  it('answers an oversized request on a kept-alive connection after an answered one', async () => {
    const raw = await exchange(
      port,
      [
        'GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n',
        `GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`,
      ],
      (received) => received.includes('{"pong":true}'),
    );
    expect(parseRaw(raw)).toMatchObject({ statusLine: 'HTTP/1.1 431 Request Header Fields Too Large' });
    expect(refusals).toHaveLength(1);
  });
});
