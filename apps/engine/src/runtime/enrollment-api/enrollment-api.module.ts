import { Module } from '@nestjs/common';
import { TriggersModule } from '../triggers/triggers.module';
import { EnrollmentApiController } from './enrollment-api.controller';
import { EnrollmentApiService } from './enrollment-api.service';

/** POST /api/flows/:id/enrollments: manual and API enrollment. */
@Module({
  imports: [TriggersModule],
  controllers: [EnrollmentApiController],
  providers: [EnrollmentApiService],
})
export class EnrollmentApiModule {}
