import { Module } from '@nestjs/common';
import { IngestService } from './ingest.service';
import { SegmentController } from './segment.controller';

/** Segment-compatible ingestion: /v1/identify, track, page, screen, alias, batch. */
@Module({
  controllers: [SegmentController],
  providers: [IngestService],
  exports: [IngestService],
})
export class IngestModule {}
