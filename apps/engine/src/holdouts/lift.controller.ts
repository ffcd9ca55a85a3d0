import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadAccess } from '../auth/access.decorator';
import { ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { flowIdParam } from '../flows/flows.schemas';
import { liftQuery, type LiftQuery } from './lift.schemas';
import { LiftService } from './lift.service';

@ApiTags('holdouts')
@Controller('api/flows/:id/lift')
export class LiftController {
  constructor(private readonly lift: LiftService) {}

  @Get()
  @ReadAccess()
  @ApiZodQuery(liftQuery)
  @ApiOperation({
    summary: 'The flow against its holdout: customers, conversions (purchase or goal event within the window) and 90-day retention, rates, absolute and relative lift with intervals, p-value, overall and by segment at entry',
  })
  results(@Param('id', new ZodPipe(flowIdParam, 'flow id')) id: number, @Query(new ZodPipe(liftQuery, 'query')) query: LiftQuery) {
    return this.lift.lift(id, query);
  }
}
