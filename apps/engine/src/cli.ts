#!/usr/bin/env node
import 'reflect-metadata';
import { parseCommand, UsageError, USAGE } from './cli/arguments';
import { runCommand } from './cli/commands';
import { DomainError } from './common/errors/domain-error';
import { loadEnv } from './config/env';

/** `npm run retain -- <command>`: import CSV files, create users, migrate. See USAGE. */
async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const command = parseCommand(argv, process.env);
    if (command.command === 'help') {
      out(USAGE);
      return argv.length === 0 ? 2 : 0;
    }
    return await runCommand(command, loadEnv(), { log: (line) => err(`[retain] ${line}`), out, err });
  } catch (error) {
    if (error instanceof UsageError) {
      err(`Error: ${error.message}\n`);
      err(USAGE);
      return 2;
    }
    if (error instanceof DomainError) {
      err(`Error: ${error.message}`);
      for (const detail of error.details.slice(0, 20)) if (detail.message !== error.message) err(`  ${detail.message}`);
      return 1;
    }
    err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
