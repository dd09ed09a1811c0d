#!/usr/bin/env node
// `npm run --silent token -- --role officer --agency DPD --jurisdiction denver`: prints a development token.
import 'reflect-metadata';
import { issueTokenCommand, UsageError } from './issue-token-command.js';

try {
  process.stdout.write(`${await issueTokenCommand(process.argv.slice(2), process.env)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
