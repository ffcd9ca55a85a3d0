import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../testing/test-database';
import { migrate, MIGRATIONS_DIR } from './migrator';

describe('migrator', () => {
  const name = `retain_migrator_${Date.now()}`;
  let url: string;
  beforeAll(async () => {
    url = await createDatabase(name);
  });
  afterAll(() => dropDatabase(name));

  it("applies the project's migrations once, recording them like Prisma does", async () => {
    const first = await migrate(url);
    expect(first.applied.length).toBeGreaterThan(0);
    const second = await migrate(url);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    const client = new Client({ connectionString: url });
    await client.connect();
    const rows = await client.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name');
    await client.end();
    expect(rows.rows.map((r) => r.migration_name)).toEqual(first.applied);
    expect(rows.rows.every((r) => /^[a-f0-9]{64}$/.test(r.checksum) && r.finished_at)).toBe(true);
  });

  it('rolls back a failing migration entirely and refuses a changed one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    mkdirSync(path.join(dir, '001_ok'));
    writeFileSync(path.join(dir, '001_ok', 'migration.sql'), 'CREATE TABLE probe_ok (id int);');
    mkdirSync(path.join(dir, '002_bad'));
    writeFileSync(path.join(dir, '002_bad', 'migration.sql'), 'CREATE TABLE probe_half (id int); SELECT no_such_function();');
    const scratch = `${name}_scratch`;
    const scratchUrl = await createDatabase(scratch);
    try {
      await expect(migrate(scratchUrl, dir)).rejects.toThrow(/002_bad failed/);
      const client = new Client({ connectionString: scratchUrl });
      await client.connect();
      const tables = await client.query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'probe_%' ORDER BY 1");
      await client.end();
      expect(tables.rows.map((r) => r.tablename)).toEqual(['probe_ok']);

      writeFileSync(path.join(dir, '001_ok', 'migration.sql'), 'CREATE TABLE probe_ok (id bigint);');
      await expect(migrate(scratchUrl, dir)).rejects.toThrow(/001_ok was changed after it was applied/);
    } finally {
      await dropDatabase(scratch);
    }
  });

  it('reads the migrations from prisma/migrations', () => {
    expect(MIGRATIONS_DIR.endsWith(path.join('prisma', 'migrations'))).toBe(true);
  });
});
