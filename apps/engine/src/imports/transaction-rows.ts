import type { ImportOptions, ImportProblem } from './import-types';
import { contentHash, lineKey, OccurrenceCounter } from './line-keys';
import type { ResolvedMapping } from './mapping';
import { problemAt, RowOutcome } from './row-outcome';
import { decimalText, parseBoolean, parseDateTime, parseDecimal, ValueError } from './value-parsers';

export interface TransactionRow {
  line: number;
  externalId: string;
  /** The customer's country, set when the customer is created or has none. */
  country: string | null;
  invoice: string;
  sku: string | null;
  description: string | null;
  /** Decimal text, as PostgreSQL numeric reads it. */
  quantity: string | null;
  unitPrice: string | null;
  /** Null when the file has no amount: quantity x unit price, computed exactly in PostgreSQL. */
  amount: string | null;
  currency: string;
  category: string | null;
  occurredAt: string;
  isCancellation: boolean;
  isReturn: boolean;
  lineKey: string;
}

function parseCurrency(text: string): string {
  if (!/^[A-Za-z]{3}$/.test(text)) throw new ValueError(`${JSON.stringify(text)} is not a currency code (three letters, e.g. EUR)`);
  return text.toUpperCase();
}

/** The bounds of the numeric columns (DECIMAL(14,3) and DECIMAL(14,4)). */
const MAX_QUANTITY = 1e11;
const MAX_MONEY = 1e10;

/**
 * Turns one CSV record into a transaction row (pure, apart from counting identical rows so that
 * each gets its own key). Every bad cell of the row is reported, not only the first.
 */
export class TransactionRowMapper {
  private readonly occurrences = new OccurrenceCounter();

  constructor(
    private readonly mapping: ResolvedMapping,
    private readonly headers: readonly string[],
    private readonly options: ImportOptions,
  ) {}

  map(record: readonly string[], line: number): RowOutcome<TransactionRow> {
    const problems: ImportProblem[] = [];
    const externalId = this.cell(record, 'externalId');
    if (externalId === null) {
      if (this.options.skipRowsWithoutCustomer) return { kind: 'skip', reason: `no customer id (${this.column('externalId')} is empty)` };
      problems.push(problemAt(line, this.column('externalId'), 'is empty (every transaction needs a customer id)'));
    }
    const invoice = this.required(record, 'invoice', line, problems);
    const occurredAt = this.required(record, 'occurredAt', line, problems) === null ? null : this.parse(record, 'occurredAt', line, problems, this.parseOccurredAt);
    const quantity = this.parse(record, 'quantity', line, problems, parseDecimal);
    const unitPrice = this.parse(record, 'unitPrice', line, problems, parseDecimal);
    const amountGiven = this.parse(record, 'amount', line, problems, parseDecimal);
    const currency = this.parse(record, 'currency', line, problems, parseCurrency) ?? this.options.currency;
    const isCancellationGiven = this.parse(record, 'isCancellation', line, problems, parseBoolean);
    const isReturnGiven = this.parse(record, 'isReturn', line, problems, parseBoolean);

    if (quantity !== null && Math.abs(quantity) >= MAX_QUANTITY) problems.push(problemAt(line, this.column('quantity'), `${quantity} is too large for a quantity`));
    if (unitPrice !== null && Math.abs(unitPrice) >= MAX_MONEY) problems.push(problemAt(line, this.column('unitPrice'), `${unitPrice} is too large for a price`));
    if (amountGiven !== null && Math.abs(amountGiven) >= MAX_MONEY) problems.push(problemAt(line, this.column('amount'), `${amountGiven} is too large for an amount`));
    if (this.mapping.amount === undefined) {
      for (const field of ['quantity', 'unitPrice'] as const) {
        if (this.cell(record, field) === null) problems.push(problemAt(line, this.column(field), 'is empty (the amount is quantity x unit price)'));
      }
      if (quantity !== null && unitPrice !== null && Math.abs(quantity * unitPrice) >= MAX_MONEY) {
        problems.push(problemAt(line, this.column('quantity'), `the amount ${quantity} x ${unitPrice} is too large`));
      }
    } else if (this.cell(record, 'amount') === null) {
      problems.push(problemAt(line, this.column('amount'), 'is empty'));
    }
    if (problems.length || externalId === null || invoice === null || occurredAt === null) return { kind: 'bad', problems };

    const signed = amountGiven ?? (quantity !== null && unitPrice !== null ? quantity * unitPrice : 0);
    const prefix = this.options.cancellationPrefix;
    const isCancellation = isCancellationGiven ?? (prefix ? invoice.startsWith(prefix) : false);
    const row: Omit<TransactionRow, 'lineKey'> = {
      line,
      externalId,
      country: this.cell(record, 'country'),
      invoice,
      sku: this.cell(record, 'sku'),
      description: this.cell(record, 'description'),
      quantity: quantity === null ? null : decimalText(quantity),
      unitPrice: unitPrice === null ? null : decimalText(unitPrice),
      amount: amountGiven === null ? null : decimalText(amountGiven),
      currency,
      category: this.cell(record, 'category'),
      occurredAt: new Date(occurredAt).toISOString(),
      isCancellation,
      // Without a flag column: a negative quantity is goods coming back (a negative amount without one).
      isReturn: isReturnGiven ?? (quantity !== null ? quantity < 0 : signed < 0 && !isCancellation),
    };
    return { kind: 'row', row: { ...row, lineKey: this.keyOf(row) } };
  }

  private readonly parseOccurredAt = (text: string) => parseDateTime(text, this.options.dateFormat, this.options.timeZone);

  /** The trimmed cell of a mapped field; null when unmapped or blank. */
  private cell(record: readonly string[], field: string): string | null {
    const index = this.mapping[field];
    if (index === undefined) return null;
    const value = record[index];
    if (value === undefined || value === '') return null;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }

  private column(field: string): string {
    return this.headers[this.mapping[field]];
  }

  private required(record: readonly string[], field: string, line: number, problems: ImportProblem[]): string | null {
    const text = this.cell(record, field);
    if (text === null) problems.push(problemAt(line, this.column(field), 'is empty'));
    return text;
  }

  private parse<T>(record: readonly string[], field: string, line: number, problems: ImportProblem[], parser: (text: string) => T): T | null {
    const text = this.cell(record, field);
    if (text === null) return null;
    try {
      return parser(text);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      problems.push(problemAt(line, this.column(field), error.message));
      return null;
    }
  }

  private keyOf(row: Omit<TransactionRow, 'lineKey'>): string {
    // Everything that describes the purchase, normalized (numbers and dates canonical), not the line number.
    const content = contentHash([
      row.externalId,
      row.invoice,
      row.sku,
      row.description,
      row.quantity,
      row.unitPrice,
      row.amount,
      row.currency,
      row.category,
      row.occurredAt,
      row.isCancellation,
      row.isReturn,
    ]);
    return lineKey(content, this.occurrences.next(content));
  }
}
