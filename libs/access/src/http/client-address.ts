import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LOGGER } from '@lead/platform';
import type { Logger } from 'pino';
import type { IncomingMessage } from 'node:http';
import { AccessSettings, trustProxy } from '../settings/access-settings.js';

type Request = IncomingMessage & { ip?: string };

/** A missing `TRUST_PROXY` is warned about at most this often, with how many requests came through a proxy since. */
const WARN_EVERY_MS = 10 * 60_000;

/**
 * The address a request comes from, which the throttle and the access audit key on. With
 * `TRUST_PROXY` set, Express takes it from `X-Forwarded-For` as far back as the trusted hops go;
 * without it, it is the connection's peer, and a request that says it came through a proxy gets a
 * warning in the log: behind a proxy every client then shares the proxy's address (one throttle,
 * one audit line for all of them).
 */
@Injectable()
export class ClientAddress implements OnModuleInit {
  private readonly logger: Logger;
  private readonly trusted: false | number | string;
  private lastWarning = Number.NEGATIVE_INFINITY;
  private proxiedSinceWarning = 0;

  constructor(
    @Inject(AccessSettings) settings: AccessSettings,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'client-address' });
    this.trusted = trustProxy(settings);
  }

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance() as { set?: (name: string, value: unknown) => void };
    // Express compiles the value here: an address it cannot parse fails start-up.
    express?.set?.('trust proxy', this.trusted);
  }

  of(request: Request): string {
    if (this.trusted === false && isProxied(request)) this.warnUntrustedProxy();
    return withoutIpv4Mapping(request.ip ?? request.socket?.remoteAddress ?? 'unknown');
  }

  private warnUntrustedProxy(): void {
    this.proxiedSinceWarning++;
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.logger.warn(
      { proxiedRequests: this.proxiedSinceWarning },
      'Requests arrive through a proxy (X-Forwarded-For / Forwarded) but TRUST_PROXY is not set: every client behind ' +
        'it is seen as the proxy, sharing one throttle and one audit address. Set TRUST_PROXY to the proxy hops.',
    );
    this.lastWarning = now;
    this.proxiedSinceWarning = 0;
  }
}

function isProxied(request: Request): boolean {
  return request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
}

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) is `203.0.113.7`: one client, one bucket, one spelling. */
export function withoutIpv4Mapping(address: string): string {
  return /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(address) ? address.slice(7) : address;
}
