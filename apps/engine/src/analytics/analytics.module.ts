import { Module } from '@nestjs/common';
import { CustomerDataLoader } from './customer-data-loader';
import { FactsPipeline } from './facts-pipeline.service';
import { FactsRefreshQueue } from './facts-refresh.queue';
import { FactsWriter } from './facts-writer';
import { SegmentationController } from './segmentation.controller';
import { SegmentationService } from './segmentation.service';

@Module({
  controllers: [SegmentationController],
  providers: [CustomerDataLoader, FactsWriter, FactsPipeline, FactsRefreshQueue, SegmentationService],
  exports: [CustomerDataLoader, FactsPipeline, FactsRefreshQueue],
})
export class AnalyticsModule {}
