import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ReadAccess } from '../auth/access.decorator';
import { parseInput } from '../common/validation/parse';
import { ApiZodQuery } from '../common/validation/api-zod';
import { ZodPipe } from '../common/validation/zod-body.pipe';
import { customerIdParam, listCustomersQuery, splitAttributeFilters, timelineQuery } from './customers.schemas';
import { CustomersService } from './customers.service';

@ApiTags('customers')
@Controller('api/customers')
@ReadAccess()
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiZodQuery(listCustomersQuery)
  @ApiQuery({ name: 'attr.<key>', required: false, description: 'Filter on a free attribute, e.g. attr.churned=true', schema: { type: 'string' } })
  list(@Query() raw: Record<string, unknown>) {
    const { base, attributes } = splitAttributeFilters(raw);
    return this.customers.list({ ...parseInput(listCustomersQuery, base, 'query'), attributes });
  }

  @Get('facets')
  facets() {
    return this.customers.facets();
  }

  @Get(':id')
  profile(@Param('id', new ZodPipe(customerIdParam, 'customer id')) id: number) {
    return this.customers.profile(id);
  }

  @Get(':id/timeline')
  @ApiZodQuery(timelineQuery)
  timeline(@Param('id', new ZodPipe(customerIdParam, 'customer id')) id: number, @Query(new ZodPipe(timelineQuery, 'query')) query: z.infer<typeof timelineQuery>) {
    return this.customers.timeline(id, query.limit, query.before);
  }
}
