import type { Provider } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';

/** Adds what a module knows to the service's OpenAPI document (e.g. libs/access: the bearer scheme and roles). */
export type OpenApiContributor = (document: OpenAPIObject) => void;

export class OpenApiContribution {
  constructor(
    readonly name: string,
    readonly contribute: OpenApiContributor,
  ) {}
}

/**
 * A provider that contributes to the document. Modules that the platform may not import (libs/access sits above
 * it) describe their part this way; a value provider, so it is there even when the app is only previewed (the
 * document generator builds the graph without starting anything).
 */
export function openApiContribution(name: string, contribute: OpenApiContributor): Provider {
  return { provide: Symbol(`OpenApiContribution:${name}`), useValue: new OpenApiContribution(name, contribute) };
}

export function contributionsOf(modules: ModulesContainer): OpenApiContribution[] {
  const found: OpenApiContribution[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.providers.values()) {
      if (wrapper.instance instanceof OpenApiContribution && !found.includes(wrapper.instance))
        found.push(wrapper.instance);
    }
  }
  return found;
}
