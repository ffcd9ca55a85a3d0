import { Module } from '@nestjs/common';
import { DatabaseReferenceLookups } from './flow-reference-resolver';
import { FlowVersionsRepository } from './flow-versions.repository';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';
import { FlowSimulationModule } from './simulation/flow-simulation.module';

/** Flow definitions and their versions; the runtime module will enroll customers into published versions. */
@Module({
  imports: [FlowSimulationModule],
  controllers: [FlowsController],
  providers: [FlowsService, FlowVersionsRepository, DatabaseReferenceLookups],
  exports: [FlowsService, FlowVersionsRepository],
})
export class FlowsModule {}
