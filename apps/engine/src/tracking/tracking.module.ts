import { Module } from '@nestjs/common';
import { RuntimeModule } from '../runtime/runtime.module';
import { TrackingController } from './tracking.controller';
import { TrackingRecorder } from './tracking-recorder';

/** Open pixels and signed click links of flow emails (the links themselves are added by channels/email). */
@Module({
  imports: [RuntimeModule],
  controllers: [TrackingController],
  providers: [TrackingRecorder],
  exports: [TrackingRecorder],
})
export class TrackingModule {}
