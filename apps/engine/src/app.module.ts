import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import type { Env } from './config/env';
import { databasePoolSize } from './database/pool-size';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { HealthController } from './health/health.controller';
import { FEATURE_MODULES } from './feature-modules';

export interface AppOptions {
  env: Env;
  databaseUrl: string;
  jwtSecret: string;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.env),
        DatabaseModule.forRoot(options.databaseUrl, databasePoolSize(options.env.RETAIN_WORKER_CONCURRENCY, options.env.RETAIN_ROLES.includes('worker'))),
        EventsModule,
        AuditModule,
        AuthModule.forRoot(options.jwtSecret),
        ...FEATURE_MODULES,
      ],
      controllers: [HealthController],
    };
  }
}
