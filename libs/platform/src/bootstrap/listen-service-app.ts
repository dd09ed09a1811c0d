import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { answerClientErrors } from '../http/client-error-answer.js';
import { REFUSED_CONNECTION_LISTENER, type RefusedConnectionListener } from '../http/refused-connection-listener.js';
import { LOGGER } from '../logging/logger.tokens.js';

/**
 * Listens on `port` with what the HTTP server itself must do installed first: the answer to what Node's parser
 * refuses (client-error-answer.ts), counted through the app's `RefusedConnectionListener` when it provides one.
 * Shared by `bootstrapService` and the test starters, so tests meet the same server as production. `port` 0 picks
 * a free one.
 */
export async function listenServiceApp(app: INestApplication, port: number): Promise<void> {
  const logger = app.get<Logger>(LOGGER);
  let listener: RefusedConnectionListener | null | undefined;
  answerClientErrors(app.getHttpServer() as Server, {
    listener: () => {
      if (listener === undefined) {
        try {
          listener = app.get<RefusedConnectionListener>(REFUSED_CONNECTION_LISTENER, { strict: false });
        } catch {
          // No library of this app counts refused requests.
          listener = null;
        }
      }
      return listener ?? undefined;
    },
    log: (refusal) => logger.info(refusal, 'request refused by the HTTP parser'),
    listenerFailed: (error) =>
      logger.error(
        { err: error instanceof Error ? error : new Error(String(error)) },
        'refused-connection listener failed',
      ),
  });
  await app.listen(port);
}
