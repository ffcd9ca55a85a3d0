import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IngestAccess } from '../auth/access.decorator';
import { ApiZodBody } from '../common/validation/api-zod';
import type { IncomingMessage } from './incoming-message';
import { IngestService } from './ingest.service';
import { SegmentBatchPipe, SegmentCallPipe } from './segment-pipes';
import { batchSchema, singleCallSchemas } from './segment.schemas';

const reply = async (result: Promise<{ accepted: number; duplicates: number }>) => ({ success: true as const, ...(await result) });

/**
 * Segment's HTTP tracking API: point a Segment source (or any analytics library) at Retain with an
 * `ingest` API key as the write key. Each call answers `{ success: true, accepted, duplicates }`.
 * Single-event calls are committed in groups with the calls arriving meanwhile (the answer still
 * means stored); alias (merges) and batch are written alone.
 */
@ApiTags('ingest')
@Controller('v1')
@IngestAccess()
export class SegmentController {
  constructor(private readonly ingest: IngestService) {}

  @Post('identify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Who the customer is: traits go to customer columns and attributes; with an anonymousId, the visitor is merged in.' })
  @ApiZodBody(singleCallSchemas.identify)
  identify(@Body(new SegmentCallPipe('identify')) messages: IncomingMessage[]) {
    return reply(this.ingest.ingestCall(messages));
  }

  @Post('track')
  @HttpCode(200)
  @ApiOperation({ summary: 'Something the customer did: stored as an event with its properties.' })
  @ApiZodBody(singleCallSchemas.track)
  track(@Body(new SegmentCallPipe('track')) messages: IncomingMessage[]) {
    return reply(this.ingest.ingestCall(messages));
  }

  @Post('page')
  @HttpCode(200)
  @ApiOperation({ summary: 'A page view: stored as a "Page Viewed" event (name and category in its properties).' })
  @ApiZodBody(singleCallSchemas.page)
  page(@Body(new SegmentCallPipe('page')) messages: IncomingMessage[]) {
    return reply(this.ingest.ingestCall(messages));
  }

  @Post('screen')
  @HttpCode(200)
  @ApiOperation({ summary: 'A mobile screen view: stored as a "Screen Viewed" event.' })
  @ApiZodBody(singleCallSchemas.screen)
  screen(@Body(new SegmentCallPipe('screen')) messages: IncomingMessage[]) {
    return reply(this.ingest.ingestCall(messages));
  }

  @Post('alias')
  @HttpCode(200)
  @ApiOperation({ summary: 'previousId (an anonymousId) is now userId: the anonymous visitor is merged into the customer.' })
  @ApiZodBody(singleCallSchemas.alias)
  alias(@Body(new SegmentCallPipe('alias')) messages: IncomingMessage[]) {
    return reply(this.ingest.ingest(messages));
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Many calls at once (up to 500 KB, 32 KB per message). All or nothing: one invalid message rejects the batch, naming batch[i].',
  })
  @ApiZodBody(batchSchema)
  batch(@Body(new SegmentBatchPipe()) messages: IncomingMessage[]) {
    return reply(this.ingest.ingest(messages));
  }
}
