import { Controller, Get, Headers, NotFoundException, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { operationsExposure, type OperationsExposure } from '../config/operations-exposure.js';
import { ServiceConfig } from '../config/service-config.js';
import { scrapeTokenMatches } from './scrape-token.js';
import { PlatformMetrics } from './platform-metrics.js';
import { ProblemException, ProblemType } from '../http/problem-details.js';

/**
 * Prometheus scrape endpoint, outside `/v1` because it is for operators, not API clients. Who may read it is the
 * `METRICS_EXPOSURE` setting: off answers 404 like any unknown path; token asks for `METRICS_TOKEN` as a bearer
 * token. The metrics name routes, workers and lag, which tell an attacker what runs and how busy it is.
 */
@ApiExcludeController()
@Controller({ version: VERSION_NEUTRAL })
export class MetricsController {
  private readonly exposure: OperationsExposure;

  constructor(
    private readonly metrics: PlatformMetrics,
    config: ServiceConfig,
  ) {
    this.exposure = operationsExposure(config);
  }

  @Get('metrics')
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<string> {
    if (this.exposure.metrics === 'off') throw new NotFoundException(`Cannot GET /metrics`);
    if (this.exposure.metrics === 'token' && !scrapeTokenMatches(authorization, this.exposure.metricsToken!)) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new ProblemException({
        type: ProblemType.Generic,
        title: 'Unauthorized',
        status: 401,
        detail: 'The metrics need the scrape token (METRICS_TOKEN) as a bearer token.',
      });
    }
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
