import { Module } from '@nestjs/common';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsService } from './experiments.service';
import { ExposureCountsRepository } from './exposure-counts.repository';

/** Results of flows' A/B splits and the promotion of winners (statistics in @retain/experiments). */
@Module({
  controllers: [ExperimentsController],
  providers: [ExperimentsService, ExposureCountsRepository],
  exports: [ExperimentsService],
})
export class ExperimentsModule {}
