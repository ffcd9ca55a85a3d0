import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiZodBody, ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { compareQuery, idParam, listRunsQuery, trainBody, type TrainOptions } from './models.schemas';
import { ModelCompareService } from './model-compare.service';
import { ModelsService } from './models.service';

@ApiTags('models')
@Controller('api/models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly comparisons: ModelCompareService,
  ) {}

  /** Queues a training run and returns it at once (202); GET /api/models/runs/:id follows it. */
  @Post('train')
  @HttpCode(202)
  @WriteAccess()
  @ApiZodBody(trainBody)
  train(@Body(new ZodPipe(trainBody, 'training request')) options: TrainOptions, @CurrentPrincipal() principal: Principal | undefined) {
    return this.models.requestTraining(options, principal?.kind === 'user' ? principal.userId : null);
  }

  @Get()
  @ReadAccess()
  list() {
    return this.models.listVersions();
  }

  @Get('runs')
  @ReadAccess()
  @ApiZodQuery(listRunsQuery)
  runs(@Query(new ZodPipe(listRunsQuery, 'query')) query: z.infer<typeof listRunsQuery>) {
    return this.models.listRuns(query.limit);
  }

  @Get('runs/:id')
  @ReadAccess()
  run(@Param('id', new ZodPipe(idParam, 'training run id')) id: number) {
    return this.models.run(id);
  }

  // declared before :id, which would take "compare" for an id
  @Get('compare')
  @ReadAccess()
  @ApiZodQuery(compareQuery)
  @ApiOperation({ summary: 'A candidate beside the model active when it was trained, both measured on that run\'s held-out rows (ROC AUC, PR AUC, log loss, Brier, accuracy, precision, recall, F1)' })
  compare(@Query(new ZodPipe(compareQuery, 'query')) query: z.infer<typeof compareQuery>) {
    return this.comparisons.compare(query.candidate, query.active);
  }

  @Get(':id')
  @ReadAccess()
  version(@Param('id', new ZodPipe(idParam, 'model version id')) id: number) {
    return this.models.version(id);
  }
}
