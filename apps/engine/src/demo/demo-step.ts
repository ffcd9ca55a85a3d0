import { existsSync } from 'node:fs';
import path from 'node:path';
import { progressDisplay } from '../cli/progress-display';
import { ImportJobsRepository } from '../imports/import-jobs.repository';
import type { ImportKind } from '../imports/import-types';
import { ImportService } from '../imports/import.service';
import type { PresetName } from '../imports/presets';
import type { StartupStep } from '../startup-steps';

interface DemoFile {
  kind: ImportKind;
  preset: PresetName;
  fileName: string;
}

/** The real data sets of shared/data (DATASETS.md), through the same import path a user takes. */
export const DEMO_FILES: DemoFile[] = [
  { kind: 'transactions', preset: 'online-retail', fileName: 'online_retail.csv.gz' },
  { kind: 'customers', preset: 'telco', fileName: 'WA_Fn-UseC_-Telco-Customer-Churn.csv' },
];

/**
 * With RETAIN_DEMO, imports the demo data on the first start. A file counts as loaded when an
 * earlier import of it stored its data; later starts reuse it (imports are idempotent anyway).
 * Missing files are reported and skipped: the server still starts.
 */
export const loadDemoOnFirstStart: StartupStep = async (app, env, log) => {
  if (!env.RETAIN_DEMO) return;
  const jobs = app.get(ImportJobsRepository);
  const imports = app.get(ImportService);
  const loaded: string[] = [];
  for (const demo of DEMO_FILES) {
    const previous = await jobs.lastSuccessful(demo.kind, demo.fileName);
    if (previous) {
      loaded.push(demo.fileName);
      continue;
    }
    const filePath = path.join(env.dataDir, demo.fileName);
    if (!existsSync(filePath)) {
      log(`Demo: ${demo.fileName} not found; expected it at ${filePath} (set RETAIN_DATA_DIR). Starting without it.`);
      continue;
    }
    const display = progressDisplay(`Demo: importing ${demo.fileName}`, process.stdout.isTTY ? { stream: process.stdout } : { log });
    try {
      const report = await imports.run({ kind: demo.kind, filePath, mode: 'skip-and-report', preset: demo.preset, actor: { userId: null, label: 'demo' }, onProgress: (p) => display.update(p) });
      display.done();
      log(`Demo: ${report.message}`);
    } catch (error) {
      display.done();
      log(`Demo: importing ${demo.fileName} failed (${(error as Error).message}); starting without it.`);
    }
  }
  if (loaded.length) log(`Demo data already loaded (${loaded.join(', ')}); reusing it.`);
};
