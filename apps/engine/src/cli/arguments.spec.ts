import { parseCommand, UsageError } from './arguments';

describe('CLI arguments', () => {
  it('reads an import with a preset, a mapping file and options', () => {
    expect(parseCommand(['import', 'transactions', 'data.csv.gz', '--preset', 'online-retail', '--mode', 'all-or-nothing', '--time-zone', 'Europe/Paris'])).toEqual({
      command: 'import',
      kind: 'transactions',
      file: 'data.csv.gz',
      preset: 'online-retail',
      mappingFile: undefined,
      mode: 'all-or-nothing',
      timeZone: 'Europe/Paris',
      currency: undefined,
      dateFormat: undefined,
    });
    expect(parseCommand(['import', 'customers', 'c.csv', '--mapping', 'm.json'])).toMatchObject({ mode: 'skip-and-report', mappingFile: 'm.json' });
  });

  it('takes the new password from the environment when not given', () => {
    expect(parseCommand(['create-user', '--email', 'a@b.c', '--role', 'analyst'], { RETAIN_NEW_USER_PASSWORD: 'long-enough-secret' })).toEqual({
      command: 'create-user',
      email: 'a@b.c',
      role: 'analyst',
      name: undefined,
      password: 'long-enough-secret',
    });
  });

  it('reads a replay with its date and flow, both optional', () => {
    expect(parseCommand(['replay'])).toEqual({ command: 'replay', from: undefined, flowId: undefined });
    expect(parseCommand(['replay', '--from', '2011-10-01', '--flow', '12'])).toEqual({ command: 'replay', from: '2011-10-01', flowId: 12 });
    expect(() => parseCommand(['replay', '--from', '9/9/2011'])).toThrow('--from must be a date like 2011-09-09, not "9/9/2011"');
    expect(() => parseCommand(['replay', '--flow', 'demo'])).toThrow('--flow must be a flow id');
    expect(() => parseCommand(['replay', '--email', 'x'])).toThrow('replay does not take --email');
  });

  it('refuses wrong usage with a reason', () => {
    expect(() => parseCommand(['import', 'orders', 'x.csv', '--preset', 'telco'])).toThrow(new UsageError('the kind must be customers or transactions, not "orders"'));
    expect(() => parseCommand(['import', 'customers', 'x.csv'])).toThrow('give --preset or --mapping');
    expect(() => parseCommand(['import', 'customers', 'x.csv', '--preset', 'nope'])).toThrow('unknown preset "nope"');
    expect(() => parseCommand(['create-user', '--email', 'a@b.c', '--role', 'boss'])).toThrow('--role admin|marketer|analyst');
    expect(() => parseCommand(['migrate', '--email', 'x'])).toThrow('migrate does not take --email');
    expect(() => parseCommand(['frobnicate'])).toThrow('unknown command "frobnicate"');
    expect(() => parseCommand(['import', '--colour', 'red'])).toThrow(UsageError);
    expect(parseCommand([])).toEqual({ command: 'help' });
  });
});
