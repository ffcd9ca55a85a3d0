import { Module } from '@nestjs/common';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { RuntimeModule } from '../runtime.module';
import { EventTrigger } from './event.trigger';
import { FLOW_ENROLLER } from './flow-enroller';
import { ScheduleTrigger } from './schedule.trigger';
import { SegmentEnteredTrigger } from './segment-entered.trigger';
import { TriggerIndexService } from './trigger-index.service';

/**
 * What starts a journey: a segment entered, a tracked event (which also resumes waits and reaches
 * goals), a schedule over an audience segment. Manual and API enrollment is EnrollmentApiModule.
 */
@Module({
  imports: [RuntimeModule],
  providers: [{ provide: FLOW_ENROLLER, useExisting: EnrollmentsService }, TriggerIndexService, SegmentEnteredTrigger, EventTrigger, ScheduleTrigger],
  exports: [FLOW_ENROLLER, TriggerIndexService, SegmentEnteredTrigger, EventTrigger, ScheduleTrigger],
})
export class TriggersModule {}
