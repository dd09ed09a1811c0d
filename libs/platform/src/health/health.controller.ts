import { Controller, Get, Logger, ServiceUnavailableException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { ProblemException, ProblemType } from '../http/problem-details.js';
import { ReadinessChecks } from './readiness-checks.js';

/**
 * Liveness (`/health`: the process answers, restart it if not) and readiness (`/ready`: its
 * dependencies answer, send it traffic). Liveness checks no dependency on purpose: a database
 * outage must not make the orchestrator restart every service in a loop.
 */
@ApiTags('operations')
@Controller({ version: VERSION_NEUTRAL })
export class HealthController {
  private readonly logger = new Logger('Readiness');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessChecks,
  ) {}

  @Get('health')
  @HealthCheck()
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    const checks = this.readiness.all().map(
      ({ name, check, timeoutMs }) =>
        () =>
          this.indicators
            .check(name)
            .attempt(({ signal }) => check(signal).then(() => undefined))
            .withTimeout(timeoutMs),
    );
    try {
      const result = await this.health.check(checks);
      const degraded = this.readiness.degraded();
      if (Object.keys(degraded).length === 0) return result;
      // Still ready (200): requests are taken and stored; what is stuck is named for operators and probes.
      this.logger.warn({ msg: 'Ready but degraded', degraded });
      return { ...result, status: 'degraded', degraded } as unknown as HealthCheckResult;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      // Reasons (host names, driver messages) go to the log, not to whoever can reach the port.
      this.logger.warn({ msg: `Not ready: ${failing.join(', ')} down`, checks: result.details });
      const statuses = Object.fromEntries(Object.entries(result.details).map(([name, { status }]) => [name, status]));
      throw new ProblemException({
        type: ProblemType.NotReady,
        title: 'The service is not ready',
        status: 503,
        detail: `Unavailable: ${failing.join(', ')}`,
        checks: statuses,
      });
    }
  }
}
