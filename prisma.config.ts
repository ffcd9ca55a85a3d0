import { defineConfig } from 'prisma/config';

// The CLI is only used for `generate` here (see scripts/prisma.mjs); the runtime connects through
// @prisma/adapter-pg with DATABASE_URL or the embedded PostgreSQL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
