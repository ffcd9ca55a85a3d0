import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReadAccess } from '../auth/access.decorator';
import { ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { customerIdParam } from '../customers/customers.schemas';
import { SegmentQueries } from './segment-queries';
import { customerHistoryQuery } from './segments.schemas';

/** A customer's segments, under the customers prefix (the profile page reads it). */
@ApiTags('segments')
@Controller('api/customers')
export class CustomerSegmentsController {
  constructor(private readonly queries: SegmentQueries) {}

  @Get(':id/segments')
  @ReadAccess()
  @ApiZodQuery(customerHistoryQuery)
  @ApiOperation({ summary: 'Current segments of a customer and the history of entries and exits' })
  segments(@Param('id', new ZodPipe(customerIdParam, 'customer id')) id: number, @Query(new ZodPipe(customerHistoryQuery, 'query')) query: z.infer<typeof customerHistoryQuery>) {
    return this.queries.customerSegments(id, query.limit);
  }
}
