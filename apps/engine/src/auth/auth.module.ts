import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({})
export class AuthModule {
  static forRoot(jwtSecret: string) {
    return {
      module: AuthModule,
      imports: [JwtModule.register({ secret: jwtSecret, signOptions: { algorithm: 'HS256' as const } })],
      controllers: [AuthController, UsersController, ApiKeysController],
      providers: [SessionsService, UsersService, ApiKeysService, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [UsersService, ApiKeysService, SessionsService],
    };
  }
}
