import 'reflect-metadata';
import { bootstrapService, exitOnStartupFailure } from '@lead/platform';
import { CaseManagementModule, caseManagementService } from './case-management.module.js';

await bootstrapService(CaseManagementModule, caseManagementService).catch(exitOnStartupFailure);
