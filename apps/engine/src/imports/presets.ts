import type { AttributeRules, ImportKind, ImportOptions } from './import-types';
import type { ColumnMapping } from './mapping';

export interface ImportPreset {
  kind: ImportKind;
  description: string;
  mapping: ColumnMapping;
  options: Partial<ImportOptions>;
  attributes?: AttributeRules;
}

export const PRESET_NAMES = ['online-retail', 'telco'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Presets make the real data sets (shared/data, DATASETS.md) import as they are. */
export const PRESETS: Record<PresetName, ImportPreset> = {
  'online-retail': {
    kind: 'transactions',
    description: 'UCI Online Retail (online_retail.csv.gz): invoice lines in GBP, UK local times',
    mapping: {
      externalId: 'CustomerID',
      invoice: 'InvoiceNo',
      sku: 'StockCode',
      description: 'Description',
      quantity: 'Quantity',
      unitPrice: 'UnitPrice',
      occurredAt: 'InvoiceDate',
      country: 'Country',
    },
    // A quarter of the lines have no CustomerID: they cannot belong to a customer, so they are
    // skipped and counted, not reported as bad rows. "C" invoices are cancellations.
    options: { timeZone: 'Europe/London', currency: 'GBP', dateFormat: 'iso', skipRowsWithoutCustomer: true, cancellationPrefix: 'C' },
  },
  telco: {
    kind: 'customers',
    description: 'IBM Telco Customer Churn (WA_Fn-UseC_-Telco-Customer-Churn.csv): one row per customer',
    mapping: { externalId: 'customerID', plan: 'Contract' },
    options: {},
    attributes: {
      types: { SeniorCitizen: 'boolean', tenure: 'integer', MonthlyCharges: 'number', TotalCharges: 'number', Churn: 'boolean' },
      names: { Churn: 'churned' },
      // 11 customers with tenure 0 have a single space: they have not been charged yet.
      blankMeansZero: ['TotalCharges'],
    },
  },
};

export const DEFAULT_OPTIONS: ImportOptions = {
  timeZone: 'UTC',
  currency: 'GBP',
  dateFormat: 'iso',
  skipRowsWithoutCustomer: false,
};
