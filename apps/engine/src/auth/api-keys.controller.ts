import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { AdminAccess } from './access.decorator';
import { ApiKeysService } from './api-keys.service';
import { createApiKeySchema, idParam } from './auth.schemas';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';

@ApiTags('api-keys')
@Controller('api/api-keys')
@AdminAccess()
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  list() {
    return this.apiKeys.list();
  }

  /** The full key is in this response only; store it now. */
  @Post()
  @ApiZodBody(createApiKeySchema)
  create(@CurrentPrincipal() actor: Principal, @Body(new ZodPipe(createApiKeySchema, 'API key')) body: z.infer<typeof createApiKeySchema>) {
    return this.apiKeys.create(actor, body.name, body.scopes);
  }

  @Delete(':id')
  revoke(@CurrentPrincipal() actor: Principal, @Param('id', new ZodPipe(idParam, 'API key id')) id: number) {
    return this.apiKeys.revoke(actor, id);
  }
}
