import { Writable } from 'node:stream';
import { createLogger } from './create-logger.js';
import { PinoNestLogger } from './pino-nest-logger.js';
import { runWithCorrelationId } from './request-context.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ serviceName: 'referrals', level: 'trace', destination });
  return { lines, nest: new PinoNestLogger(logger), logger };
}

describe('PinoNestLogger', () => {
  it('writes Nest log calls as JSON lines with the context', () => {
    const { lines, nest } = capturingLogger();
    nest.log('Mapped {/v1/referrals, POST} route', 'RouterExplorer');
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'referrals',
      context: 'RouterExplorer',
      msg: 'Mapped {/v1/referrals, POST} route',
    });
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('keeps the stack of errors Nest reports with (message, stack, context)', () => {
    const { lines, nest } = capturingLogger();
    const error = new Error('boom');
    nest.error('Handler failed', error.stack, 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 'error', context: 'ExceptionsHandler', msg: 'Handler failed' });
    expect(lines[0]!.stack).toContain('at ');
  });

  it('serialises an Error passed as the message', () => {
    const { lines, nest } = capturingLogger();
    nest.error(new Error('pool exhausted'));
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'pool exhausted',
      err: { message: 'pool exhausted', type: 'Error' },
    });
  });

  it('maps verbose to trace and honours the levels Nest asks for', () => {
    const { lines, nest } = capturingLogger();
    nest.verbose('detail', 'X');
    nest.setLogLevels(['warn', 'error']);
    nest.log('dropped');
    nest.warn('kept');
    expect(lines.map((line) => line.level)).toEqual(['trace', 'warn']);
  });

  it('adds the correlation id of the current request to every line', () => {
    const { lines, logger } = capturingLogger();
    runWithCorrelationId('abc-123', () => logger.info('inside'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', correlationId: 'abc-123' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });
});
