import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadAccess } from '../auth/access.decorator';
import { ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { flowIdParam } from '../flows/flows.schemas';
import { FlowFunnelService } from './flow-funnel.service';
import { kpisQuery, segmentHealthQuery, type KpisQuery, type SegmentHealthQuery } from './kpis.schemas';
import { KpisService } from './kpis.service';
import { SegmentHealthService } from './segment-health.service';

@ApiTags('kpis')
@Controller('api/kpis')
export class KpisController {
  constructor(
    private readonly kpis: KpisService,
    private readonly funnels: FlowFunnelService,
    private readonly segments: SegmentHealthService,
  ) {}

  @Get()
  @ReadAccess()
  @ApiZodQuery(kpisQuery)
  @ApiOperation({ summary: 'Monthly trends of retention (6-month cohort), churn, email engagement, revenue from returning customers and time to identify at-risk customers; with flowId, before and after it was published' })
  trends(@Query(new ZodPipe(kpisQuery, 'query')) query: KpisQuery) {
    return this.kpis.trends(query);
  }

  @Get('segments/health')
  @ReadAccess()
  @ApiZodQuery(segmentHealthQuery)
  @ApiOperation({ summary: 'Per segment per week: size, churn (members who left) and mean churn risk, from the membership history' })
  segmentHealth(@Query(new ZodPipe(segmentHealthQuery, 'query')) query: SegmentHealthQuery) {
    return this.segments.health(query);
  }

  @Get('flows/:id/funnel')
  @ReadAccess()
  @ApiOperation({ summary: 'A flow’s funnel from entry to goal: distinct enrollments per node and outcome, overall and per A/B arm' })
  funnel(@Param('id', new ZodPipe(flowIdParam, 'flow id')) id: number) {
    return this.funnels.funnel(id);
  }
}
