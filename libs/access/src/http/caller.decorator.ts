import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { AccessContext } from './access-context.js';

const contexts = new WeakMap<IncomingMessage, AccessContext>();

export function attachAccessContext(request: IncomingMessage, context: AccessContext): void {
  contexts.set(request, context);
}

export function accessContextOf(request: IncomingMessage): AccessContext | undefined {
  return contexts.get(request);
}

/**
 * The handler parameter holding the request's `AccessContext`. Only on routes that require a token:
 * asking for the caller of a public route is a programming error (500), never an anonymous caller.
 */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): AccessContext => {
  const access = accessContextOf(context.switchToHttp().getRequest<IncomingMessage>());
  if (!access) throw new Error('@Caller() used on a route without an authenticated caller (a public route?)');
  return access;
});
