import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiZodBody } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { Public, ReadAccess } from './access.decorator';
import { loginSchema } from './auth.schemas';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { SessionsService } from './sessions.service';
import { z } from 'zod';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiZodBody(loginSchema)
  login(@Body(new ZodPipe(loginSchema, 'login')) body: z.infer<typeof loginSchema>) {
    return this.sessions.login(body.email, body.password);
  }

  @Get('me')
  @ReadAccess()
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}
