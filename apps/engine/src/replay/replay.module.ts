import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { FlowsModule } from '../flows/flows.module';
import { ScoreWriter } from '../models/score-writer';
import { RuntimeModule } from '../runtime/runtime.module';
import { TrackingModule } from '../tracking/tracking.module';
import { ReplayController } from './replay.controller';
import { ReplayContacts } from './replay-contacts';
import { ReplayEngagement } from './replay-engagement';
import { ReplayFlags } from './replay-flags';
import { ReplayModel } from './replay-model';
import { ReplayService } from './replay.service';
import { ReplayStepper } from './replay-stepper';
import { ReplaysRepository } from './replays.repository';

/** Replays of the demo journey over past data (`npm run retain -- replay`) and GET /api/replays. */
@Module({
  imports: [AnalyticsModule, FlowsModule, RuntimeModule, TrackingModule],
  controllers: [ReplayController],
  providers: [ReplayService, ReplayStepper, ReplayModel, ReplaysRepository, ScoreWriter, ReplayContacts, ReplayFlags, ReplayEngagement],
  exports: [ReplayService],
})
export class ReplayModule {}
