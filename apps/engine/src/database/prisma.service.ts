import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { MIN_POOL_SIZE } from './pool-size';

/**
 * The Prisma client, on a node-postgres pool that bulk paths (ingestion, CSV import) also use
 * directly for multi-row SQL.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  readonly pool: Pool;

  constructor(databaseUrl: string, poolSize = MIN_POOL_SIZE) {
    const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
    // An idle connection that the server closes (restart, shutdown) must not crash the process;
    // the pool replaces it on the next query.
    pool.on('error', (error) => new Logger('Database').warn(`Idle database connection lost: ${error.message}`));
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}
