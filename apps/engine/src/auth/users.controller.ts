import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { AdminAccess } from './access.decorator';
import { createUserSchema, idParam, updateUserSchema } from './auth.schemas';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/users')
@AdminAccess()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list() {
    return this.users.list();
  }

  @Post()
  @ApiZodBody(createUserSchema)
  create(@CurrentPrincipal() actor: Principal, @Body(new ZodPipe(createUserSchema, 'user')) body: z.infer<typeof createUserSchema>) {
    return this.users.create(actor, body);
  }

  @Get(':id')
  get(@Param('id', new ZodPipe(idParam, 'user id')) id: number) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiZodBody(updateUserSchema)
  update(
    @CurrentPrincipal() actor: Principal,
    @Param('id', new ZodPipe(idParam, 'user id')) id: number,
    @Body(new ZodPipe(updateUserSchema, 'user change')) body: z.infer<typeof updateUserSchema>,
  ) {
    return this.users.update(actor, id, body);
  }
}
