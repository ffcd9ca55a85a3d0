import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { FactsRefreshQueue } from './facts-refresh.queue';
import { SegmentationService } from './segmentation.service';

@ApiTags('segmentation')
@Controller('api/segmentation')
export class SegmentationController {
  constructor(
    private readonly segmentation: SegmentationService,
    private readonly refreshes: FactsRefreshQueue,
  ) {}

  @Get('rfm-grid')
  @ReadAccess()
  rfmGrid() {
    return this.segmentation.rfmGrid();
  }

  @Get('clusters')
  @ReadAccess()
  clusters() {
    return this.segmentation.latestClustering();
  }

  /** Enqueues a full facts refresh (features, RFM, clusters) and returns at once. */
  @Post('refresh')
  @HttpCode(202)
  @WriteAccess()
  refresh() {
    return this.refreshes.enqueue();
  }
}
