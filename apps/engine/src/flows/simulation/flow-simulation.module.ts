import { Module } from '@nestjs/common';
import { CustomerFactsReader } from '../../segments/customer-facts-reader';
import { SegmentCatalog } from '../../segments/segment-catalog';
import { FlowVersionsRepository } from '../flow-versions.repository';
import { FlowSimulationService } from './flow-simulation.service';

/** The dry run behind POST /api/flows/:id/simulate; reads customers' facts the way segments do. */
@Module({
  providers: [FlowSimulationService, FlowVersionsRepository, SegmentCatalog, CustomerFactsReader],
  exports: [FlowSimulationService],
})
export class FlowSimulationModule {}
