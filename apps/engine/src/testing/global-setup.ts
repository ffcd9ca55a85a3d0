import { migrate } from '../database/migrator';
import { createDatabase } from './test-database';

/** A fresh database for this test run, migrated like a real start. */
export default async function globalSetup(): Promise<void> {
  const name = `retain_test_${Date.now()}_${process.pid}`;
  const url = await createDatabase(name);
  await migrate(url);
  process.env.RETAIN_TEST_DATABASE = name;
  process.env.DATABASE_URL = url;
}
