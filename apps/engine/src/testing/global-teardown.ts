import { dropDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  if (process.env.RETAIN_TEST_DATABASE && !process.env.RETAIN_KEEP_TEST_DATABASE) await dropDatabase(process.env.RETAIN_TEST_DATABASE);
}
