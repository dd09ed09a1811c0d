#!/usr/bin/env node
// `node apps/referrals/dist/cli/erase-participant.js --participant … --jurisdiction … --reason … --operator … --agency …`
// (after `npm run build`); see ERASE_PARTICIPANT_USAGE.
import 'reflect-metadata';
import { runEraseParticipantCli } from './erase-participant-cli.js';

process.exitCode = await runEraseParticipantCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
