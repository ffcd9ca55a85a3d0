import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadAccess, WriteAccess } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { ApiZodBody, ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { flowIdParam } from '../flows/flows.schemas';
import { experimentsQuery, nodeIdParam, promoteBody, type ExperimentsQuery } from './experiments.schemas';
import { ExperimentsService } from './experiments.service';
import { z } from 'zod';

@ApiTags('experiments')
@Controller('api/flows/:id/experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Get()
  @ReadAccess()
  @ApiZodQuery(experimentsQuery)
  @ApiOperation({ summary: 'Every A/B split of the flow: exposures, attributed conversions, rates, lift with intervals, p-value, P(beat control), sample-ratio and minimum-sample checks' })
  results(@Param('id', new ZodPipe(flowIdParam, 'flow id')) id: number, @Query(new ZodPipe(experimentsQuery, 'query')) query: ExperimentsQuery) {
    return this.experiments.results(id, query);
  }

  @Post(':nodeId/promote')
  @WriteAccess()
  @HttpCode(201)
  @ApiZodBody(promoteBody)
  @ApiOperation({ summary: 'Promote an arm that beat the control (P ≥ 95 %, minimum sample reached, no sample-ratio mismatch): new entrants of the split go to it; audited' })
  promote(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ZodPipe(flowIdParam, 'flow id')) id: number,
    @Param('nodeId', new ZodPipe(nodeIdParam, 'node id')) nodeId: string,
    @Body(new ZodPipe(promoteBody, 'body')) body: z.infer<typeof promoteBody>,
  ) {
    return this.experiments.promote(principal, id, nodeId, body);
  }
}
