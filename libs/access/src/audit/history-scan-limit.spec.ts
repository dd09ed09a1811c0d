import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lastValueFrom, Subject } from 'rxjs';
import type { AccessContext } from '../http/access-context.js';
import { attachAccessContext } from '../http/caller.decorator.js';
import { HistoryScanLimit } from './history-scan-limit.interceptor.js';
import { HistoryScanSlots } from './history-scan-slots.js';

/** A request of `subject` whose history read runs until its `answer` is completed or failed. */
function request(limit: HistoryScanLimit, subject: string) {
  const req = {} as IncomingMessage;
  attachAccessContext(req, { principal: { subject } } as AccessContext);
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as ServerResponse;
  const context = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  const answer = new Subject<unknown>();
  const next: CallHandler = { handle: () => answer.asObservable() };
  try {
    const result = lastValueFrom(limit.intercept(context, next));
    result.catch(() => undefined);
    return { refused: undefined, headers, answer, result };
  } catch (error) {
    return { refused: error as { problem: { status: number; detail: string } }, headers, answer, result: undefined };
  }
}

describe('HistoryScanLimit', () => {
  it('admits one history read per caller and a bounded number in all; 429 with Retry-After beyond', async () => {
    const slots = new HistoryScanSlots(2);
    const limit = new HistoryScanLimit(slots);
    const first = request(limit, 'auditor-a');
    expect(first.refused).toBeUndefined();
    // The same caller again while the first still reads: refused, naming their own read.
    const again = request(limit, 'auditor-a');
    expect(again.refused?.problem).toMatchObject({ status: 429, detail: expect.stringContaining('you asked for') });
    expect(again.headers['Retry-After']).toBe('5');
    const second = request(limit, 'auditor-b');
    expect(second.refused).toBeUndefined();
    // Every slot taken: a third caller waits for one.
    const third = request(limit, 'auditor-c');
    expect(third.refused?.problem).toMatchObject({ status: 429, detail: expect.stringContaining('Every') });
    expect(slots.inUse).toBe(2);

    // A slot comes back when the answer is sent, and when the read fails.
    first.answer.next({ events: [] });
    first.answer.complete();
    await first.result;
    second.answer.error(new Error('the store went away'));
    await expect(second.result).rejects.toThrow('the store went away');
    expect(slots.inUse).toBe(0);
    expect(request(limit, 'auditor-c').refused).toBeUndefined();
  });
});
