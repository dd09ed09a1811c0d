import 'reflect-metadata';
import { bootstrapService, exitOnStartupFailure } from '@lead/platform';
import { ProsecutionModule, prosecutionService } from './prosecution.module.js';

await bootstrapService(ProsecutionModule, prosecutionService).catch(exitOnStartupFailure);
