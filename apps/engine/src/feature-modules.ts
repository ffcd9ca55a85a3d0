import type { Type } from '@nestjs/common';
import { AnalyticsModule } from './analytics/analytics.module';
import { ChannelsModule } from './channels/channels.module';
import { CustomersModule } from './customers/customers.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { FlowsModule } from './flows/flows.module';
import { HoldoutsModule } from './holdouts/holdouts.module';
import { ImportsModule } from './imports/imports.module';
import { IngestModule } from './ingest/ingest.module';
import { KpisModule } from './kpis/kpis.module';
import { ModelsModule } from './models/models.module';
import { ReplayModule } from './replay/replay.module';
import { RuntimeModule } from './runtime/runtime.module';
import { EnrollmentApiModule } from './runtime/enrollment-api/enrollment-api.module';
import { TriggersModule } from './runtime/triggers/triggers.module';
import { SegmentsModule } from './segments/segments.module';
import { TemplatesModule } from './templates/templates.module';
import { TrackingModule } from './tracking/tracking.module';

/** One entry per domain module, in the order they were built. */
export const FEATURE_MODULES: Type[] = [CustomersModule, IngestModule, ImportsModule, AnalyticsModule, SegmentsModule, ModelsModule, FlowsModule, TemplatesModule, ChannelsModule, ExperimentsModule, RuntimeModule, TriggersModule, EnrollmentApiModule, KpisModule, ReplayModule, TrackingModule, HoldoutsModule];
