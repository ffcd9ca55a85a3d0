import { Module } from '@nestjs/common';
import { ScoreReasonsModule } from '../models/score-reasons.module';
import { EmailTemplatesRepository } from './email-templates.repository';
import { TemplateVariablesService } from './template-variables.service';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

/** Saved email templates (Liquid), their checks and previews, and the variables templates see. */
@Module({
  imports: [ScoreReasonsModule],
  controllers: [TemplatesController],
  providers: [EmailTemplatesRepository, TemplateVariablesService, TemplatesService],
  exports: [EmailTemplatesRepository, TemplateVariablesService],
})
export class TemplatesModule {}
