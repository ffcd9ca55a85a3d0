// Test-only loader for the IBM Telco Customer Churn table (shared/data, see DATASETS.md).
// Not exported from the package: tests and the benchmark read real data through it, then hand the
// rows to the library the way a user would.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DesignMatrix, selectLabels } from '../dataset/design-matrix';
import { encodeBinaryLabels } from '../dataset/labels';
import type { RawRow } from '../dataset/raw-table';
import { TableEncoder } from '../dataset/table-encoder';
import { stratifiedSplit } from '../random';

export const TELCO_FILE = 'WA_Fn-UseC_-Telco-Customer-Churn.csv';
export const TELCO_LABEL = 'Churn';
/** SeniorCitizen is already 0/1, so it is numeric; with the 41 one-hot columns that makes 45 features. */
export const TELCO_NUMERIC_COLUMNS = ['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges'] as const;
export const TELCO_CATEGORICAL_COLUMNS = [
  'gender', 'Partner', 'Dependents', 'PhoneService', 'MultipleLines', 'InternetService', 'OnlineSecurity', 'OnlineBackup',
  'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies', 'Contract', 'PaperlessBilling', 'PaymentMethod',
] as const;

/** shared/data beside the repository, or RETAIN_DATA_DIR. Works from src/ (Jest) and dist/ (benchmark). */
export function telcoDataDir(): string {
  return process.env.RETAIN_DATA_DIR ?? path.resolve(__dirname, '../../../../../shared/data');
}

export interface TelcoTable {
  rows: RawRow[];
  label: typeof TELCO_LABEL;
  numericColumns: string[];
  categoricalColumns: string[];
}

let cached: TelcoTable | undefined;

/**
 * The 7,043 customers with `customerID` dropped, numbers parsed, and the 11 blank TotalCharges
 * (all with tenure 0: nothing billed yet) set to 0.
 */
export function loadTelco(dataDir = telcoDataDir()): TelcoTable {
  if (cached && dataDir === telcoDataDir()) return cached;
  const text = readFileSync(path.join(dataDir, TELCO_FILE), 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const rows = records.map(({ customerID: _id, ...row }) => {
    const totalCharges = row.TotalCharges.trim() === '' ? 0 : Number(row.TotalCharges);
    return { ...row, SeniorCitizen: Number(row.SeniorCitizen), tenure: Number(row.tenure), MonthlyCharges: Number(row.MonthlyCharges), TotalCharges: totalCharges };
  });
  const table: TelcoTable = { rows, label: TELCO_LABEL, numericColumns: [...TELCO_NUMERIC_COLUMNS], categoricalColumns: [...TELCO_CATEGORICAL_COLUMNS] };
  if (dataDir === telcoDataDir()) cached = table;
  return table;
}

export interface TelcoSplit {
  encoder: TableEncoder;
  labels: Uint8Array;
  train: { rows: RawRow[]; matrix: DesignMatrix; labels: Uint8Array };
  test: { rows: RawRow[]; matrix: DesignMatrix; labels: Uint8Array };
}

/** The stratified 80/20 split used by the Telco tests, one-hot encoded with an encoder fitted on the 80 %. */
export function telcoSplit(seed = 42, testFraction = 0.2): TelcoSplit {
  const telco = loadTelco();
  const labels = encodeBinaryLabels(telco.rows.map((row) => row[telco.label]), { column: telco.label });
  const split = stratifiedSplit(labels, testFraction, seed);
  const trainRows = Array.from(split.train, (i) => telco.rows[i]);
  const testRows = Array.from(split.test, (i) => telco.rows[i]);
  const encoder = TableEncoder.fit(trainRows, telco);
  return {
    encoder,
    labels,
    train: { rows: trainRows, matrix: encoder.transform(trainRows), labels: selectLabels(labels, split.train) },
    test: { rows: testRows, matrix: encoder.transform(testRows), labels: selectLabels(labels, split.test) },
  };
}
