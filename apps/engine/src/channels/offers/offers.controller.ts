import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Access, ReadAccess } from '../../auth/access.decorator';
import { ApiZodBody, ApiZodQuery } from '../../common/validation/api-zod';
import { ZodPipe } from '../../common/validation/zod-body.pipe';
import { listOffersQuery, redeemOfferBody } from './offers.schemas';
import { OffersService } from './offers.service';

@ApiTags('offers')
@Controller('api/offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Get()
  @ReadAccess()
  @ApiZodQuery(listOffersQuery)
  @ApiOperation({ summary: 'Issued offer codes, newest first, with their status (active, redeemed, expired)' })
  list(@Query(new ZodPipe(listOffersQuery, 'query')) query: z.infer<typeof listOffersQuery>) {
    return this.offers.list(query);
  }

  // A shop's checkout calls this with an API key of scope `ingest` (it sends data in), or a marketer by hand.
  @Post('redeem')
  @Access({ roles: ['admin', 'marketer'], scopes: ['ingest'] })
  @HttpCode(200)
  @ApiZodBody(redeemOfferBody)
  @ApiOperation({ summary: 'Use a code once: 404 unknown code, 409 already redeemed, 410 expired' })
  redeem(@Body(new ZodPipe(redeemOfferBody, 'body')) body: z.infer<typeof redeemOfferBody>) {
    return this.offers.redeem(body.code, 'api', new Date(), body.orderId);
  }
}
