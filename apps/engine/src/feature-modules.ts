import type { Type } from '@nestjs/common';
import { CustomersModule } from './customers/customers.module';
import { ImportsModule } from './imports/imports.module';
import { IngestModule } from './ingest/ingest.module';
import { SegmentsModule } from './segments/segments.module';

/** One entry per domain module, in the order they were built. */
export const FEATURE_MODULES: Type[] = [CustomersModule, IngestModule, ImportsModule, SegmentsModule];
