import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AnalyticsModule } from '../analytics/analytics.module';
import { ChurnDatasets } from './churn-datasets.service';
import { CustomerScoreController } from './customer-score.controller';
import { ModelCompareService } from './model-compare.service';
import { ModelTrainer } from './model-trainer.service';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';
import { ScoreReasonsModule } from './score-reasons.module';
import { ScoreWriter } from './score-writer';
import { TrainingRunner } from './training-runner.service';
import { TrainingRunsRepository } from './training-runs.repository';
import { TrainingSchedule } from './training-schedule';

@Module({
  // ScheduleModule.forRoot() is registered once, here: no other module schedules yet.
  imports: [ScheduleModule.forRoot(), AnalyticsModule, ScoreReasonsModule],
  controllers: [ModelsController, CustomerScoreController],
  providers: [ChurnDatasets, TrainingRunsRepository, ScoreWriter, ModelTrainer, TrainingRunner, TrainingSchedule, ModelsService, ModelCompareService],
  exports: [TrainingRunsRepository, TrainingRunner, TrainingSchedule],
})
export class ModelsModule {}
