import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { ModulesContainer } from '@nestjs/core';

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Object, Array]);

/**
 * The DTO classes the app's controllers take as `@Body()` or `@Query()`: the classes whose validation rules the
 * OpenAPI document must describe. Read from Nest's route metadata and the compiler's `design:paramtypes`.
 */
export function requestModelsOf(modules: ModulesContainer): Function[] {
  const models = new Set<Function>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | null;
      if (typeof controller !== 'function') continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype as object)) {
        if (method === 'constructor') continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
          string,
          { index: number }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ??
          []) as unknown[];
        for (const [key, { index }] of Object.entries(args)) {
          const kind = Number(key.split(':')[0]);
          if (kind !== RouteParamtypes.BODY && kind !== RouteParamtypes.QUERY) continue;
          const type = types[index];
          if (typeof type === 'function' && !PRIMITIVES.has(type)) models.add(type);
        }
      }
    }
  }
  return [...models];
}
