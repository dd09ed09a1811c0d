import { describeServiceShell } from '@lead/testing';
import { ProsecutionConfig } from './prosecution.config.js';
import { ProsecutionModule } from './prosecution.module.js';

describeServiceShell({ name: 'prosecution', module: ProsecutionModule, config: ProsecutionConfig, defaultPort: 3003 });
