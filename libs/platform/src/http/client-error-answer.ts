import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { CORRELATION_ID_HEADER } from './correlation-id.middleware.js';
import { PROBLEM_CONTENT_TYPE, ProblemType, type ProblemDetails } from './problem-details.js';
import { UNROUTED_INSTANCE } from './request-path.js';
import type { RefusedConnectionListener } from './refused-connection-listener.js';

/** A refusal of Node's HTTP parser, as answered and counted. */
export interface ParserRefusal {
  status: number;
  /** Stable, for the refused-request counts: `headers-too-large`, `malformed-request`, … */
  reason: string;
  detail: string;
}

/** How long a refused connection may stay open for its answer to be read before it is cut. */
const LINGER_MS = 2_000;

export interface ClientErrorAnswerOptions {
  /** The listener the refusals are counted with, if any; asked on each refusal (it may memoise). */
  listener: () => RefusedConnectionListener | undefined;
  /** Told of each refusal (without the address: request logs carry none). */
  log: (refusal: ParserRefusal & { correlationId: string }) => void;
  /** Told when the listener throws: counting must never take the server down. */
  listenerFailed: (error: unknown) => void;
}

/**
 * Answers what Node's HTTP parser refuses, before any request object exists, as problem+json like every other error,
 * instead of Node's bare status line (431 for headers over `maxHeaderSize`, 400 for what is not HTTP): a `clientError`
 * handler on the server. Nothing the client sent is echoed (the headers may hold a token, the bytes anything), and the
 * refusal is counted through the `RefusedConnectionListener` when one is provided.
 */
export function answerClientErrors(server: Server, options: ClientErrorAnswerOptions): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser keeps reporting the rest of a refused connection's bytes: it was answered once.
    if (answered.has(socket)) return;
    answered.add(socket);
    // The client went away: there is no one to answer, and going away is no refusal.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const refusal = parserRefusalOf(error);
    const correlationId = randomUUID();
    options.log({ ...refusal, correlationId });
    try {
      options.listener()?.refused({ address: peerAddress(socket), status: refusal.status, reason: refusal.reason });
    } catch (failure) {
      options.listenerFailed(failure);
    }
    // As Node does: answer only when no response is under way on this connection, or nothing of it was sent yet.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(rawProblemResponse(refusal, correlationId));
    // `end` lets the answer drain and be read; a client that never closes its side is cut.
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

export function parserRefusalOf(error: NodeJS.ErrnoException): ParserRefusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'headers-too-large',
        // The process-wide limit (`--max-http-header-size`): services set no limit of their own.
        detail: `The request headers are larger than the limit of ${maxHeaderSize} bytes.`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, reason: 'chunk-extensions-too-large', detail: 'The chunk extensions are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'request-timeout', detail: 'The request was not received in time.' };
    default:
      // The parser's own message names its internals (and `rawPacket` holds the client's bytes): neither is echoed.
      return { status: 400, reason: 'malformed-request', detail: 'The request is not valid HTTP/1.1.' };
  }
}

function rawProblemResponse(refusal: ParserRefusal, correlationId: string): string {
  const title = STATUS_CODES[refusal.status] ?? 'Error';
  const problem: ProblemDetails = {
    type: ProblemType.Generic,
    title,
    status: refusal.status,
    detail: refusal.detail,
    instance: UNROUTED_INSTANCE,
    correlationId,
  };
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${refusal.status} ${title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${CORRELATION_ID_HEADER}: ${correlationId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

function peerAddress(socket: Duplex): string {
  return (socket as Duplex & { remoteAddress?: string }).remoteAddress ?? 'unknown';
}
