import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { CustomerFactsReader } from '../segments/customer-facts-reader';
import { SegmentCatalog } from '../segments/segment-catalog';
import { Clock } from './clock';
import { EnrollmentsService } from './enrollments/enrollments.service';
import { CustomerJourneysService } from './live/customer-journeys.service';
import { CustomerJourneysController, FlowLiveController } from './live/live.controller';
import { LiveCountsService } from './live/live-counts.service';
import { QueueHost } from './queue/queue-host';
import { Reconciler } from './reconciler';
import { RuntimeFacts } from './runtime-facts';
import { RuntimeVersions } from './runtime-versions';
import { StepJobs } from './stepping/step-jobs';
import { StepProcessor } from './stepping/step-processor';
import { StepRunner } from './stepping/step-runner.service';

/**
 * Runs published flows: enrollments, batched stepping on the job queue, waits, goals, the
 * reconciler. Actions go to the channels through ACTION_PERFORMER.
 */
@Module({
  imports: [ChannelsModule],
  controllers: [FlowLiveController, CustomerJourneysController],
  providers: [Clock, QueueHost, RuntimeVersions, RuntimeFacts, CustomerFactsReader, SegmentCatalog, StepJobs, StepRunner, StepProcessor, EnrollmentsService, Reconciler, LiveCountsService, CustomerJourneysService],
  exports: [Clock, QueueHost, EnrollmentsService, StepRunner, StepJobs, Reconciler, RuntimeVersions],
})
export class RuntimeModule {}
