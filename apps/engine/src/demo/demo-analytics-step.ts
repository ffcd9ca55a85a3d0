import { FactsPipeline } from '../analytics/facts-pipeline.service';
import { PrismaService } from '../database/prisma.service';
import { trainBody } from '../models/models.schemas';
import { TrainingRunner } from '../models/training-runner.service';
import { TrainingRunsRepository } from '../models/training-runs.repository';
import type { SegmentInput } from '../segments/segments.schemas';
import { SegmentDefinitions } from '../segments/segment-definitions';
import type { StartupStep } from '../startup-steps';

/** Segments a retention team starts from; the flows issue's example journey starts at "At Risk". */
export const DEMO_SEGMENTS: SegmentInput[] = [
  { kind: 'rfm', name: 'At Risk', description: 'RFM: used to buy often and spend a lot, but not lately', definition: { segments: ['At Risk'] } },
  { kind: 'rfm', name: "Can't Lose Them", description: 'RFM: the best customers of the past, gone quiet', definition: { segments: ["Can't Lose Them"] } },
  { kind: 'rfm', name: 'Champions', description: 'RFM: bought recently, buy often, spend the most', definition: { segments: ['Champions'] } },
  { kind: 'scoreBand', name: 'High churn risk', description: 'Churn risk of at least 0.7 by the active model', definition: { model: 'churn', min: 0.7 } },
];

async function createDemoSegments(definitions: SegmentDefinitions, prisma: PrismaService, log: (line: string) => void) {
  for (const input of DEMO_SEGMENTS) {
    if (await prisma.segment.findUnique({ where: { name: input.name } })) continue;
    const segment = await definitions.create(undefined, input);
    log(`Demo: segment "${segment.name}" created`);
  }
}

/**
 * After the demo data is loaded (run after loadDemoOnFirstStart): when there are no customer facts
 * yet, compute them (features, RFM, clusters) and train one churn model per population present, so
 * the demo shows RFM segments, clusters and churn scores with reasons right after `npm start`.
 */
export const computeDemoAnalyticsOnFirstStart: StartupStep = async (app, env, log) => {
  if (!env.RETAIN_DEMO) return;
  const prisma = app.get(PrismaService);
  if ((await prisma.customerFacts.count({ take: 1 })) > 0) return;
  const [{ transactions, flagged }] = await prisma.$queryRaw<{ transactions: boolean; flagged: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM transactions) AS transactions, EXISTS (SELECT 1 FROM customers WHERE attributes ? 'churned') AS flagged`;
  if (!transactions && !flagged) return;
  const started = Date.now();
  if (transactions) {
    log('Demo: computing customer facts (features, RFM, clusters)...');
    const facts = await app.get(FactsPipeline).refreshAll({ onStage: (stage, ms) => log(`Demo:   ${stage} ${ms} ms`) });
    log(`Demo: facts of ${facts.customers} customers as of ${facts.asOf.toISOString().slice(0, 10)}: ${facts.scored} RFM-scored, ${facts.k ?? 0} clusters`);
  }
  const runs = app.get(TrainingRunsRepository);
  const populations = [...(transactions ? (['transactions'] as const) : []), ...(flagged ? (['attribute'] as const) : [])];
  for (const population of populations) await runs.enqueue(trainBody.parse({ population }), 'startup');
  for (const population of populations) log(`Demo: training churn models (${population})...`);
  await app.get(TrainingRunner).drain((line) => log(`Demo:   ${line}`));
  await createDemoSegments(app.get(SegmentDefinitions), app.get(PrismaService), log);
  log(`Demo: analytics ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
};
