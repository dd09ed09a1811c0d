import { describeServiceShell } from '@lead/testing';
import { ReportingConfig } from './reporting.config.js';
import { ReportingModule } from './reporting.module.js';

describeServiceShell({ name: 'reporting', module: ReportingModule, config: ReportingConfig, defaultPort: 3004 });
