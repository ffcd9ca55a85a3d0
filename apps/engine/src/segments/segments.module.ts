import { Module } from '@nestjs/common';
import { CustomerFactsReader } from './customer-facts-reader';
import { CustomerSegmentsController } from './customer-segments.controller';
import { MembershipRefresher } from './membership-refresher';
import { SegmentRefreshQueue } from './refresh-queue';
import { SegmentRefreshTriggers } from './refresh-triggers';
import { SegmentCatalog } from './segment-catalog';
import { SegmentDefinitions } from './segment-definitions';
import { SegmentPreview } from './segment-preview';
import { SegmentQueries } from './segment-queries';
import { SegmentsController } from './segments.controller';

@Module({
  controllers: [SegmentsController, CustomerSegmentsController],
  providers: [SegmentCatalog, CustomerFactsReader, MembershipRefresher, SegmentRefreshQueue, SegmentRefreshTriggers, SegmentDefinitions, SegmentQueries, SegmentPreview],
  exports: [SegmentRefreshQueue, SegmentQueries],
})
export class SegmentsModule {}
