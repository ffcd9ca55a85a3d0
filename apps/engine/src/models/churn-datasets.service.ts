import { Injectable } from '@nestjs/common';
import { churnLabelsFromTransactions, columnTable, CUSTOMER_FEATURE_NAMES, DAY_MS, gatherFloat64, gatherInt32, tableColumn, type RawRow, type RawValue, type TrainingTable } from '@retain/segmentation';
import { CustomerDataLoader } from '../analytics/customer-data-loader';
import { defaultFactsAsOf } from '../analytics/facts-as-of';
import { featuresFrom } from '../analytics/facts-pipeline.service';
import { DomainError } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import type { TrainOptions } from './models.schemas';
import { treatmentInWindow, TREATED_COLUMN } from './treatment-window';

export const LABEL_COLUMN = '__churned';

/** Rows to train on and rows to score, with what the reasons need. */
export interface ChurnDataset {
  population: 'transactions' | 'attribute';
  /**
   * What the models learn from, one row per customer: features and the label column. Typed columns
   * for the transactions population (every feature numeric, up to millions of customers), row
   * objects for the attribute population (categorical attributes).
   */
  table: TrainingTable;
  numericColumns: string[];
  categoricalColumns: string[];
  /**
   * Customers to score (every customer of the population) with their features: typed `columns`
   * (one value per customer to score) when every feature is numeric (transactions), else `rows`.
   */
  scoring: { customerIds: Int32Array; rows?: RawRow[]; columns?: Readonly<Record<string, Float64Array>> };
  dataWindow: Record<string, unknown>;
  currency: string;
  breadthUnit?: readonly [string, string];
}

const CURRENCY_SYMBOLS: Record<string, string> = { GBP: '£', USD: '$', EUR: '€' };

/** Features that vary in the training rows (a constant column only adds noise and a useless reason). */
function varyingColumns(table: TrainingTable, columns: readonly string[]): string[] {
  return columns.filter((column) => {
    const values = tableColumn(table, column);
    for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return true;
    return false;
  });
}

/**
 * Builds churn datasets from PostgreSQL. `transactions`: features strictly before the cutoff,
 * churned = no purchase within the horizon after it (labels from the data itself); the scoring
 * rows are everyone who bought, with features as of now (see defaultFactsAsOf). `attribute`:
 * customers carrying the churn flag attribute; features are their other attributes and plan.
 */
@Injectable()
export class ChurnDatasets {
  constructor(
    private readonly prisma: PrismaService,
    private readonly loader: CustomerDataLoader,
  ) {}

  build(options: TrainOptions): Promise<ChurnDataset> {
    return options.population === 'attribute' ? this.fromAttribute(options.labelAttribute) : this.fromTransactions(options.horizonDays, options.cutoff);
  }

  private async fromTransactions(horizonDays: number, cutoffText?: string): Promise<ChurnDataset> {
    const data = await this.loader.load();
    if (!Number.isFinite(data.newestTransactionTime)) throw new DomainError('VALIDATION_FAILED', 'There are no transactions to learn churn from: import transactions first, or train the attribute population.');
    const newest = data.newestTransactionTime;
    // Default cutoff: the latest one whose whole horizon is in the data.
    const cutoff = cutoffText ? Date.parse(cutoffText) : Math.floor((newest - horizonDays * DAY_MS) / DAY_MS) * DAY_MS;
    let labels;
    try {
      labels = churnLabelsFromTransactions(data.transactions, { cutoff, customerCount: data.customers.count, horizonDays });
    } catch (error) {
      throw new DomainError('VALIDATION_FAILED', `Cannot label churn at cutoff ${new Date(cutoff).toISOString()}: ${(error as Error).message}`);
    }
    const before = featuresFrom(data, cutoff);
    const treatment = await treatmentInWindow(this.prisma, cutoff, labels.horizonEnd);
    // Typed columns, not a million row objects: gathered for the eligible customers.
    const eligible: number[] = [];
    for (let c = 0; c < data.customers.count; c++) if (labels.eligible[c]) eligible.push(c);
    const treated = new Float64Array(eligible.length);
    let treatedRows = 0;
    let heldOutRows = 0;
    eligible.forEach((c, i) => {
      const id = data.customers.ids[c];
      if (treatment.treated.has(id)) {
        treated[i] = 1;
        treatedRows++;
      }
      if (treatment.heldOut.has(id)) heldOutRows++;
    });
    const table = columnTable({
      [LABEL_COLUMN]: gatherFloat64(labels.churned, eligible),
      [TREATED_COLUMN]: treated,
      ...Object.fromEntries(CUSTOMER_FEATURE_NAMES.map((name) => [name, gatherFloat64(before.columns[name], eligible)])),
    }, eligible.length);
    const scoringAsOf = defaultFactsAsOf(newest);
    const now = featuresFrom(data, scoringAsOf);
    // Typed columns, not a million row objects: the model reads them straight into its matrix.
    const scored: number[] = [];
    for (let c = 0; c < data.customers.count; c++) if (now.hasPurchase[c]) scored.push(c);
    const scoringColumns: Record<string, Float64Array> = Object.fromEntries(CUSTOMER_FEATURE_NAMES.map((name) => [name, gatherFloat64(now.columns[name], scored)]));
    scoringColumns[TREATED_COLUMN] = new Float64Array(scored.length); // the risk without treatment

    // The most common currency of the latest lines (grouping every line costs seconds at millions of lines).
    const { rows: currencies } = await this.prisma.pool.query<{ currency: string }>(
      'SELECT currency FROM (SELECT currency FROM transactions ORDER BY id DESC LIMIT 10000) latest GROUP BY currency ORDER BY count(*) DESC LIMIT 1',
    );
    return {
      population: 'transactions',
      table,
      // `treated` drops out (constant) until a flow has treated someone in the label window
      numericColumns: varyingColumns(table, [...CUSTOMER_FEATURE_NAMES, TREATED_COLUMN]),
      categoricalColumns: [],
      scoring: { customerIds: gatherInt32(data.customers.ids, scored), columns: scoringColumns },
      dataWindow: {
        population: 'transactions',
        cutoff: new Date(cutoff).toISOString(),
        horizonDays,
        horizonEnd: new Date(labels.horizonEnd).toISOString(),
        newestTransaction: new Date(newest).toISOString(),
        scoredAsOf: new Date(scoringAsOf).toISOString(),
        eligibleCustomers: labels.eligibleCount,
        churnedCustomers: labels.churnedCount,
        churnRate: labels.churnRate,
        treatedCustomers: treatedRows,
        heldOutCustomers: heldOutRows,
      },
      currency: CURRENCY_SYMBOLS[currencies[0]?.currency ?? ''] ?? '',
      breadthUnit: before.breadthSource === 'category' ? ['category', 'categories'] : ['product', 'products'],
    };
  }

  private async fromAttribute(labelAttribute: string): Promise<ChurnDataset> {
    const customers = await this.prisma.$queryRaw<{ id: number; plan: string | null; attributes: Record<string, RawValue> }[]>`
      SELECT id, plan, attributes FROM customers WHERE attributes ? ${labelAttribute} AND attributes->>${labelAttribute} IS NOT NULL ORDER BY id`;
    if (customers.length === 0) {
      throw new DomainError('VALIDATION_FAILED', `No customer has the attribute "${labelAttribute}": import customers with a churn flag (for example the Telco preset's "churned"), or name the attribute in labelAttribute.`);
    }
    // Column kinds from the values: numbers and booleans are numeric, text is categorical.
    const kinds = new Map<string, 'numeric' | 'categorical'>();
    for (const { attributes } of customers) {
      for (const [key, value] of Object.entries(attributes)) {
        if (key === labelAttribute || value === null || value === undefined) continue;
        const kind = typeof value === 'number' || typeof value === 'boolean' ? 'numeric' : typeof value === 'string' ? 'categorical' : undefined;
        if (!kind) continue;
        if (kinds.get(key) === 'categorical') continue;
        kinds.set(key, kind);
      }
    }
    const numeric = [...kinds].filter(([, k]) => k === 'numeric').map(([name]) => name).sort();
    const categorical = [...kinds].filter(([, k]) => k === 'categorical').map(([name]) => name).sort();
    const hasPlan = customers.some((c) => c.plan !== null) && !kinds.has('plan');
    if (hasPlan) categorical.push('plan');
    // A blank numeric cell gets the column's median, so one missing value does not drop a customer.
    const medians = new Map<string, number>();
    for (const name of numeric) {
      const values = customers.map((c) => toNumber(c.attributes[name])).filter((v): v is number => v !== null).sort((a, b) => a - b);
      medians.set(name, values.length ? values[Math.floor(values.length / 2)] : 0);
    }
    const rows: RawRow[] = customers.map(({ plan, attributes }) => {
      const row: Record<string, RawValue> = { [LABEL_COLUMN]: attributes[labelAttribute] };
      for (const name of numeric) row[name] = toNumber(attributes[name]) ?? medians.get(name) ?? 0;
      for (const name of categorical) row[name] = name === 'plan' && hasPlan ? plan : (attributes[name] as RawValue);
      return row;
    });
    let churned = 0;
    for (const row of rows) if (['true', '1', 'yes'].includes(String(row[LABEL_COLUMN]).toLowerCase())) churned++;
    return {
      population: 'attribute',
      table: rows,
      numericColumns: varyingColumns(rows, numeric),
      categoricalColumns: categorical,
      scoring: { customerIds: Int32Array.from(customers, (c) => c.id), rows },
      dataWindow: { population: 'attribute', labelAttribute, customers: rows.length, churnedCustomers: churned, churnRate: churned / rows.length, snapshotAt: new Date().toISOString() },
      currency: '',
    };
  }
}

function toNumber(value: RawValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}
