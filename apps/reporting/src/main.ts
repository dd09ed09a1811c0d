import 'reflect-metadata';
import { bootstrapService, exitOnStartupFailure } from '@lead/platform';
import { ReportingModule, reportingService } from './reporting.module.js';

await bootstrapService(ReportingModule, reportingService).catch(exitOnStartupFailure);
