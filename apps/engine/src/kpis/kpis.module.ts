import { Module } from '@nestjs/common';
import { EngagementRepository } from './engagement.repository';
import { FlowFunnelRepository } from './flow-funnel.repository';
import { FlowFunnelService } from './flow-funnel.service';
import { KpisController } from './kpis.controller';
import { KpisService } from './kpis.service';
import { PurchaseKpisRepository } from './purchase-kpis.repository';
import { SegmentHealthRepository } from './segment-health.repository';
import { SegmentHealthService } from './segment-health.service';
import { TimeToIdentifyRepository } from './time-to-identify.repository';

/** Business KPIs, flow funnels and segment health, as SQL aggregates (KPI arithmetic in @retain/experiments). */
@Module({
  controllers: [KpisController],
  providers: [KpisService, PurchaseKpisRepository, EngagementRepository, TimeToIdentifyRepository, FlowFunnelService, FlowFunnelRepository, SegmentHealthService, SegmentHealthRepository],
})
export class KpisModule {}
