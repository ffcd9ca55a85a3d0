import { Module } from '@nestjs/common';
import { RuntimeModule } from '../runtime/runtime.module';
import { LiftController } from './lift.controller';
import { LiftRepository } from './lift.repository';
import { LiftService } from './lift.service';

/** Lift of each flow against its holdout (the holdout itself is assigned at enrollment, runtime/enrollments/holdout.ts). */
@Module({
  imports: [RuntimeModule],
  controllers: [LiftController],
  providers: [LiftService, LiftRepository],
})
export class HoldoutsModule {}
