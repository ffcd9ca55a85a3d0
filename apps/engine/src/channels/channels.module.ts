import { Module } from '@nestjs/common';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { TemplatesModule } from '../templates/templates.module';
import { ACTION_PERFORMER } from './action-contract';
import { ChannelsActionPerformer } from './action-performer';
import { CHANNELS_CONFIG, channelsConfigFrom } from './channels-config';
import { DeliveriesRepository } from './deliveries.repository';
import { EmailChannel } from './email/email-channel';
import { EmailSender } from './email/email-sender';
import { OfferChannel } from './offers/offer-channel';
import { OfferRedemptionListener } from './offers/offer-redemption.listener';
import { OffersController } from './offers/offers.controller';
import { OffersService } from './offers/offers.service';
import { WebhookChannel } from './webhooks/webhook-channel';

/** Email (SMTP + Liquid), offers (unique codes) and webhooks, behind ACTION_PERFORMER for the runtime. */
@Module({
  imports: [TemplatesModule],
  controllers: [OffersController],
  providers: [
    { provide: CHANNELS_CONFIG, inject: [ENV], useFactory: (env: Env) => channelsConfigFrom(env) },
    DeliveriesRepository,
    EmailSender,
    EmailChannel,
    OfferChannel,
    OffersService,
    OfferRedemptionListener,
    WebhookChannel,
    ChannelsActionPerformer,
    { provide: ACTION_PERFORMER, useExisting: ChannelsActionPerformer },
  ],
  exports: [ACTION_PERFORMER, CHANNELS_CONFIG],
})
export class ChannelsModule {}
