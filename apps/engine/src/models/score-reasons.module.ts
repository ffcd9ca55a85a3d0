import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { ScoreReasons } from './score-reasons';

/** A customer's active churn score with reasons worded on read: for the models API and the templates' `score` variable. */
@Module({
  imports: [AnalyticsModule],
  providers: [ScoreReasons],
  exports: [ScoreReasons],
})
export class ScoreReasonsModule {}
