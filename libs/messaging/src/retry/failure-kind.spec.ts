import { WrongExpectedVersion } from '@lead/event-store';
import { isTransient, TransientError } from './failure-kind.js';

describe('isTransient', () => {
  it.each([
    ['a PostgreSQL connection failure (class 08)', Object.assign(new Error('connection failure'), { code: '08006' })],
    [
      'a server shutting down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
    ['a serialization failure', Object.assign(new Error('could not serialize access'), { code: '40001' })],
    ['a refused socket', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection node-postgres lost', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'a retriable kafkajs error',
      Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', retriable: true }),
    ],
    [
      'kafkajs giving up on a retriable error',
      Object.assign(new Error('retries exceeded'), {
        retriable: false,
        cause: Object.assign(new Error('timeout'), { retriable: true }),
      }),
    ],
    ['a concurrent writer (wrong expected version)', new WrongExpectedVersion('case-1', 3, 4)],
    ['a handler saying so', new TransientError('provider API is down')],
  ])('retries %s forever', (_, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a constraint violation', Object.assign(new Error('duplicate key value'), { code: '23505' })],
    ['a rule the message breaks', new Error('referral is not eligible')],
    ['something that is not an error', 'nope'],
  ])('counts %s towards dead-lettering', (_, error) => {
    expect(isTransient(error)).toBe(false);
  });
});
