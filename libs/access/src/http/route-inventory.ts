import { PATH_METADATA } from '@nestjs/common/constants.js';
import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, HttpAdapterHost, MetadataScanner } from '@nestjs/core';
import { routeKey, type RouteKey } from '../policy/route-key.js';
import { PARTICIPANT_READ } from './participant-read.decorator.js';

/** One route the application serves, and the controller method behind it. */
export interface RouteInfo {
  key: RouteKey;
  /** `Controller.method`, as Nest names the handler. */
  handler: string;
  /** The handler is marked `@ParticipantRead()`. */
  participantRead: boolean;
}

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean>; stack: { handle: { name?: string } }[] };
}

/**
 * Every route the app's controllers serve, with the exact path pattern Express matches (versioning
 * prefix included) — the same pattern the guard sees on a request. Controllers and their handlers
 * come from Nest's discovery; paths from the Express router, where Nest names each route handler
 * `Controller.method`. Routes not registered by a controller (Swagger UI at /docs) are not listed: the
 * guard never runs for them. Throws when a discovered handler has no route, so a change in Nest
 * internals fails loudly instead of silently listing fewer routes.
 */
export function inventoryRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  adapterHost: HttpAdapterHost,
): RouteInfo[] {
  const handlers = new Map<string, { participantRead: boolean }>();
  for (const wrapper of discovery.getControllers()) {
    const prototype = (wrapper.metatype as { prototype?: object } | undefined)?.prototype;
    if (!prototype) continue;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[method] as object;
      if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      handlers.set(`${wrapper.name}.${method}`, {
        participantRead: Reflect.getMetadata(PARTICIPANT_READ, handler) === true,
      });
    }
  }
  const express = adapterHost.httpAdapter.getInstance<{
    router?: { stack: ExpressLayer[] };
    _router?: { stack: ExpressLayer[] };
  }>();
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes: RouteInfo[] = [];
  const served = new Set<string>();
  for (const layer of stack) {
    const route = layer.route;
    if (!route || typeof route.path !== 'string') continue;
    const name = route.stack
      .map((entry) => entry.handle.name)
      .find((handler) => handler !== undefined && handlers.has(handler));
    if (name === undefined) continue;
    served.add(name);
    for (const [method, enabled] of Object.entries(route.methods)) {
      if (enabled && method !== '_all')
        routes.push({ key: routeKey(method, route.path), handler: name, ...handlers.get(name)! });
    }
  }
  const unlisted = [...handlers.keys()].filter((handler) => !served.has(handler));
  if (unlisted.length > 0) {
    throw new Error(
      `Cannot list the routes of ${unlisted.join(', ')}: the access policy cannot be checked against them`,
    );
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** The routes of a running (initialised) application; for tests and tools. Needs `AccessModule` imported. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  return inventoryRoutes(app.get(DiscoveryService), app.get(MetadataScanner), app.get(HttpAdapterHost));
}
