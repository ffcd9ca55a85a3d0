import { Module } from '@nestjs/common';
import { ExperimentAutoPromoter } from './auto-promoter';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsService } from './experiments.service';
import { ExposureCountsRepository } from './exposure-counts.repository';

/** Results of flows' A/B splits and the promotion of winners (by a person, or automatically) (statistics in @retain/experiments). */
@Module({
  controllers: [ExperimentsController],
  providers: [ExperimentsService, ExposureCountsRepository, ExperimentAutoPromoter],
  exports: [ExperimentsService],
})
export class ExperimentsModule {}
