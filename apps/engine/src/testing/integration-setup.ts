import { emptyAllTables } from './test-database';

// Integration tests talk to real PostgreSQL and import real files: give them room. (testTimeout in
// a Jest project entry is ignored; this is the per-project way.)
jest.setTimeout(180_000);

// The files share one database in turn. Each starts on empty tables: rows another file made up
// (deliveries with invented enrollment ids, say; they have no foreign key) must never be counted
// as this file's.
if (process.env.JEST_WORKER_ID !== undefined && process.env.JEST_WORKER_ID !== '1') {
  throw new Error('The integration test files share one database and empty it in turn: run them one at a time (jest --runInBand, as `npm run test:integration` does).');
}
beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (url) await emptyAllTables(url);
});
