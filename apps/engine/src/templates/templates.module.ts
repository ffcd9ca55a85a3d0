import { Module } from '@nestjs/common';
import { EmailTemplatesRepository } from './email-templates.repository';
import { TemplateVariablesService } from './template-variables.service';

/** Saved email templates (Liquid), their checks and previews, and the variables templates see. */
@Module({
  providers: [EmailTemplatesRepository, TemplateVariablesService],
  exports: [EmailTemplatesRepository, TemplateVariablesService],
})
export class TemplatesModule {}
