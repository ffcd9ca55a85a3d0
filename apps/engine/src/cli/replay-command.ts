// `npm run retain -- replay`: the whole application in this process (no HTTP listener), with the
// in-process queue and only the worker role, so the replay alone moves the runtime's clock and
// steps its enrollments; then a summary per arm.
import type { Env } from '../config/env';
import { persistentSecret } from '../config/secrets';
import { createApp } from '../create-app';
import { openDatabase } from '../database/open-database';
import { startCaptureSmtpServer } from '../replay/capture-smtp-server';
import { ReplayService, type ReplayResult } from '../replay/replay.service';

type Out = (line: string) => void;

export async function runReplayCommand(env: Env, request: { from?: string; flowId?: number }, log: Out, out: Out): Promise<number> {
  const database = await openDatabase(env, log);
  // The flow's emails go through the real email channel to a capture server in this process, never to SMTP_URL.
  const capture = await startCaptureSmtpServer();
  // No REDIS_URL: a BullMQ worker elsewhere would step the replay's enrollments at the real time.
  // No quiet hours or frequency cap: simulated days step at midnight, and the capture server is nobody's inbox.
  const replayEnv: Env = {
    ...env,
    REDIS_URL: undefined,
    RETAIN_ROLES: ['worker'],
    SMTP_URL: capture.url,
    RETAIN_QUIET_HOURS: undefined,
    RETAIN_EMAIL_FREQUENCY_CAP: undefined,
    LOG_LEVEL: env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'verbose' ? env.LOG_LEVEL : 'warn',
  };
  try {
    const app = await createApp({ env: replayEnv, databaseUrl: database.url, jwtSecret: persistentSecret(env, 'jwt-secret', env.JWT_SECRET) });
    try {
      await app.init();
      const result = await app.get(ReplayService).run({ ...request, log: (line) => log(`Replay: ${line}`) });
      printSummary(result, out);
      if (!result.reused) out(`  ${capture.messages.length} emails were delivered to the replay's capture server (${capture.url.replace(/\?.*$/, '')}); none left this machine.`);
      return 0;
    } finally {
      await app.close();
    }
  } finally {
    await capture.close();
    await database.close();
  }
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

export function printSummary(result: ReplayResult, out: Out): void {
  out(`Replay of flow ${result.flowId} from ${result.from.slice(0, 10)}${result.reused ? ' (already done earlier; nothing changed)' : ''} — no real treatment effect: the conversions are real purchases.`);
  out(`  Cohort: ${result.cohort} customers in an at-risk RFM segment on that date${result.entrants !== undefined ? `, ${result.entrants} with those who entered one in the weeks after` : ''}; enrolled: ${result.enrolled} (${Object.entries(result.statuses).map(([status, n]) => `${n} ${status}`).join(', ')}).`);
  for (const arm of result.arms) out(`  Arm ${arm.variantId} (${arm.experimentKey}): ${arm.exposures} exposed, ${arm.conversions} reached the journey's goal (${percent(arm.rate)}).`);
  // the experiment counts differently; say so, or the two sets of numbers look like a contradiction
  if (result.arms.length) out(`  The experiment's result (the flow's Results page, GET /api/flows/${result.flowId}/experiments) counts every purchase within 7 days after the exposure, so its conversions differ.`);
  out(`  Goals: ${result.goalsReached} reached, ${result.goalsMissed} missed; offers: ${result.offers}; email steps: ${Object.entries(result.emails).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none'}.`);
  if (result.purchasesWithheld) out(`  Purchases of ${result.purchasesWithheld} customers were not fed: another flow waits for their purchase (a past purchase must not move a live journey).`);
  if (result.clicksFromPurchases !== undefined) out(`  Email engagement: ${result.clicksFromPurchases} emails followed by a purchase within 7 days, counted as clicks (opens are not known).`);
  if (result.flags) out(`  Time to identify: ${result.flags.entries} weekly at-risk flags in segment ${result.flags.segmentId}, dated in data time.`);
  out(`  Churn risk from replay model ${result.modelVersionId} (held-out ROC AUC ${result.modelRocAuc?.toFixed(3) ?? '-'}), trained only on data up to the cutoff. Simulated time reached ${result.steppedUntil.slice(0, 10)}.`);
}
