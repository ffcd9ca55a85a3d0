import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadAccess } from '../../auth/access.decorator';
import { ZodPipe } from '../../common/validation/zod-body.pipe';
import { customerIdParam } from '../../customers/customers.schemas';
import { flowIdParam } from '../../flows/flows.schemas';
import { CustomerJourneysService } from './customer-journeys.service';
import { LiveCountsService } from './live-counts.service';

@ApiTags('flows')
@Controller('api/flows')
export class FlowLiveController {
  constructor(private readonly counts: LiveCountsService) {}

  @Get(':id/live')
  @ReadAccess()
  @ApiOperation({ summary: 'Live counts of a running flow: customers at each node now, and what happened at each node (entered, sent, failed, …), per version and in total' })
  live(@Param('id', new ZodPipe(flowIdParam, 'flow id')) id: number) {
    return this.counts.flowCounts(id);
  }
}

@ApiTags('customers')
@Controller('api/customers')
export class CustomerJourneysController {
  constructor(private readonly journeys: CustomerJourneysService) {}

  @Get(':id/journeys')
  @ReadAccess()
  @ApiOperation({ summary: "The customer's journeys: each enrollment with its flow, version, status, current node and outcomes (newest first)" })
  list(@Param('id', new ZodPipe(customerIdParam, 'customer id')) id: number) {
    return this.journeys.journeys(id);
  }
}
