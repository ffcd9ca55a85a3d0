import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { CustomerFactsReader } from './customer-facts-reader';
import { SegmentCatalog } from './segment-catalog';
import { SegmentDefinitions } from './segment-definitions';
import { createSegmentMatcher } from './segment-matcher';
import type { SegmentKind } from './segments.schemas';

/** Who an unsaved definition would select: the count and a sample, with no writes. */
@Injectable()
export class SegmentPreview {
  constructor(
    private readonly prisma: PrismaService,
    private readonly definitions: SegmentDefinitions,
    private readonly catalog: SegmentCatalog,
    private readonly reader: CustomerFactsReader,
  ) {}

  async preview(kind: SegmentKind, definition: unknown, sampleSize: number) {
    const started = performance.now();
    const stored = await this.definitions.normalise(kind, definition);
    const activeModels = await this.catalog.activeModels();
    const matcher = createSegmentMatcher(stored, { now: new Date(), activeModels });
    let count = 0;
    let evaluated = 0;
    const sample: Array<{ customerId: number; score: number | null }> = [];
    for await (const page of this.reader.pages({ facts: matcher.needs, activeModels })) {
      evaluated += page.customerIds.length;
      page.facts.forEach((facts, i) => {
        if (!matcher.matches(facts)) return;
        count++;
        if (sample.length < sampleSize) sample.push({ customerId: page.customerIds[i], score: matcher.scoreOf(facts) });
      });
    }
    const customers = await this.prisma.customer.findMany({
      where: { id: { in: sample.map((s) => s.customerId) } },
      select: { id: true, externalId: true, name: true, email: true, country: true, plan: true },
    });
    const byId = new Map(customers.map((c) => [c.id, c]));
    return {
      count,
      evaluated,
      sample: sample.map((s) => ({ ...byId.get(s.customerId), customerId: s.customerId, ...(matcher.modelVersionId ? { score: s.score } : {}) })),
      modelVersionId: matcher.modelVersionId,
      ms: Math.round(performance.now() - started),
    };
  }
}
