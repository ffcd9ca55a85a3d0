// Integration tests talk to real PostgreSQL and import real files: give them room. (testTimeout in
// a Jest project entry is ignored; this is the per-project way.)
jest.setTimeout(180_000);
