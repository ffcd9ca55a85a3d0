import { parseArgs } from 'node:util';
import { IMPORT_KINDS, IMPORT_MODES, ImportKind, ImportMode } from '../imports/import-types';
import { PRESET_NAMES, PresetName } from '../imports/presets';
import { ROLES } from '../auth/access.decorator';
import type { Role } from '../generated/prisma/enums';

export const USAGE = `Usage: npm run retain -- <command> [options]

Commands:
  import <customers|transactions> <file> [--preset online-retail|telco] [--mapping mapping.json]
         [--mode all-or-nothing|skip-and-report] [--time-zone Zone] [--currency XXX] [--date-format iso|dmy|mdy]
      Import a CSV file (or a gzip of one). A mapping file is a JSON object { "field": "CSV header" }.
      Default mode: skip-and-report.
  create-user --email E --role admin|marketer|analyst [--name N] [--password P]
      Create a user. The password may come from RETAIN_NEW_USER_PASSWORD instead (safer than argv).
  migrate
      Apply the database migrations.
  replay [--from 2011-09-09] [--flow <id>]
      Replay the demo's retention journey over Online Retail from the date forward: the At Risk
      customers as of that date enter the flow, and their real later purchases are its conversions
      (no real treatment effect; the flow is marked as a replay). Run it while the server is stopped.
      Running it again reuses the earlier replay. --flow replays into an existing published flow.

The database is DATABASE_URL, or the embedded PostgreSQL under RETAIN_HOME (as for the server).
Exit codes: 0 done, 1 failed (the message says where), 2 wrong usage.`;

export class UsageError extends Error {}

export type Command =
  | { command: 'import'; kind: ImportKind; file: string; preset?: PresetName; mappingFile?: string; mode: ImportMode; timeZone?: string; currency?: string; dateFormat?: string }
  | { command: 'create-user'; email: string; role: Role; name?: string; password?: string }
  | { command: 'migrate' }
  | { command: 'replay'; from?: string; flowId?: number }
  | { command: 'help' };

/** Reads the command line (pure: no I/O), or throws a UsageError saying what is wrong. */
export function parseCommand(argv: string[], env: NodeJS.ProcessEnv = {}): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        preset: { type: 'string' },
        mapping: { type: 'string' },
        mode: { type: 'string' },
        'time-zone': { type: 'string' },
        currency: { type: 'string' },
        'date-format': { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        password: { type: 'string' },
        from: { type: 'string' },
        flow: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help' || command === undefined) return { command: 'help' };
  const allowOnly = (allowed: string[]) => {
    const extra = Object.keys(values).filter((k) => !allowed.includes(k));
    if (extra.length) throw new UsageError(`${command} does not take ${extra.map((e) => `--${e}`).join(', ')}`);
  };
  switch (command) {
    case 'import': {
      allowOnly(['preset', 'mapping', 'mode', 'time-zone', 'currency', 'date-format']);
      const [kind, file, ...more] = rest;
      if (!kind || !file) throw new UsageError('import needs a kind (customers or transactions) and a file');
      if (more.length) throw new UsageError(`unexpected argument ${more[0]}`);
      if (!IMPORT_KINDS.includes(kind as ImportKind)) throw new UsageError(`the kind must be customers or transactions, not "${kind}"`);
      if (values.preset !== undefined && !PRESET_NAMES.includes(values.preset as PresetName)) throw new UsageError(`unknown preset "${values.preset}" (known: ${PRESET_NAMES.join(', ')})`);
      if (values.preset === undefined && values.mapping === undefined) throw new UsageError('give --preset or --mapping');
      const mode = values.mode ?? 'skip-and-report';
      if (!IMPORT_MODES.includes(mode as ImportMode)) throw new UsageError(`--mode must be all-or-nothing or skip-and-report, not "${mode}"`);
      return {
        command: 'import',
        kind: kind as ImportKind,
        file,
        preset: values.preset as PresetName | undefined,
        mappingFile: values.mapping,
        mode: mode as ImportMode,
        timeZone: values['time-zone'],
        currency: values.currency,
        dateFormat: values['date-format'],
      };
    }
    case 'create-user': {
      allowOnly(['email', 'role', 'name', 'password']);
      if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
      if (!values.email) throw new UsageError('create-user needs --email');
      if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError(`create-user needs --role ${ROLES.join('|')}`);
      const password = values.password ?? env.RETAIN_NEW_USER_PASSWORD;
      return { command: 'create-user', email: values.email, role: values.role as Role, name: values.name, password };
    }
    case 'migrate':
      allowOnly([]);
      if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
      return { command: 'migrate' };
    case 'replay': {
      allowOnly(['from', 'flow']);
      if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
      if (values.from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.from)) throw new UsageError(`--from must be a date like 2011-09-09, not "${values.from}"`);
      if (values.flow !== undefined && !/^[1-9]\d{0,9}$/.test(values.flow)) throw new UsageError(`--flow must be a flow id (a positive whole number), not "${values.flow}"`);
      return { command: 'replay', from: values.from, flowId: values.flow === undefined ? undefined : Number(values.flow) };
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
