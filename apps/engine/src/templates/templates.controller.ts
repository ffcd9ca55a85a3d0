import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiZodBody } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { previewBody, saveTemplateBody, templateIdParam } from './templates.schemas';
import { TemplatesService } from './templates.service';

const idPipe = () => new ZodPipe(templateIdParam, 'template id');

@ApiTags('templates')
@Controller('api/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ReadAccess()
  @ApiOperation({ summary: 'Saved email templates, by name' })
  list() {
    return this.templates.list();
  }

  @Post()
  @WriteAccess()
  @ApiZodBody(saveTemplateBody)
  @ApiOperation({ summary: 'Save a new template; Liquid errors are refused with their line and column' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.templates.create(principal, body);
  }

  // Declared before :id so "preview" is not read as an id.
  @Post('preview')
  @ReadAccess()
  @HttpCode(200)
  @ApiZodBody(previewBody)
  @ApiOperation({ summary: "Render a subject and body (or a saved template) with a real customer's data" })
  preview(@Body() body: unknown) {
    return this.templates.preview(body);
  }

  @Get(':id')
  @ReadAccess()
  @ApiOperation({ summary: 'One template' })
  get(@Param('id', idPipe()) id: number) {
    return this.templates.get(id);
  }

  @Put(':id')
  @WriteAccess()
  @ApiZodBody(saveTemplateBody)
  @ApiOperation({ summary: 'Replace name, subject and body; Liquid errors are refused with their line and column' })
  update(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number, @Body() body: unknown) {
    return this.templates.update(principal, id, body);
  }

  @Delete(':id')
  @WriteAccess()
  @ApiOperation({ summary: 'Delete a template no flow in use refers to' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', idPipe()) id: number) {
    return this.templates.remove(principal, id);
  }
}
