import type { Type } from '@nestjs/common';

/** One entry per domain module (customers, ingest, imports, ...), in the order they were built. */
export const FEATURE_MODULES: Type[] = [];
