import { describeServiceShell } from '@lead/testing';
import { CaseManagementConfig } from './case-management.config.js';
import { CaseManagementModule } from './case-management.module.js';

describeServiceShell({
  name: 'case-management',
  module: CaseManagementModule,
  config: CaseManagementConfig,
  defaultPort: 3002,
});
