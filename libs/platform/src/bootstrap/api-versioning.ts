import { VersioningType, type VersioningOptions } from '@nestjs/common';

/**
 * API routes under `/v1` (URI versioning, so a `/v2` controller can live beside them; operations endpoints are
 * version-neutral and stay at the root). Versioning rather than a global prefix: Nest scopes its not-found and
 * error handlers to a global prefix, which would leave paths outside it to Express's HTML error pages.
 */
export const API_VERSIONING: VersioningOptions = { type: VersioningType.URI, defaultVersion: '1' };
