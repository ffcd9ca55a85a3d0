import { DomainError } from '../common/errors/domain-error';
import { CustomerColumns, splitTraits } from '../customers/customer-traits';
import type { AttributeRules, AttributeType, ImportOptions } from './import-types';
import type { ResolvedMapping } from './mapping';
import { problemAt, RowOutcome } from './row-outcome';
import { parseAttribute, parseDateTime, ValueError } from './value-parsers';

export interface CustomerRow {
  line: number;
  externalId: string;
  /** Columns this file sets; a blank cell sets null. */
  columns: CustomerColumns;
  attributes: Record<string, unknown>;
}

interface AttributeColumn {
  index: number;
  header: string;
  name: string;
  type: AttributeType;
  blankMeansZero: boolean;
}

/**
 * Turns one CSV record into a customer. Mapped fields and the other columns go through the same
 * `splitTraits` as Segment identify, so a column named like a trait (email, country, plan...) lands
 * in the same customer column either way; the rest are typed attributes.
 */
export class CustomerRowMapper {
  private readonly attributeColumns: AttributeColumn[];
  /** trait name -> the CSV header it came from, to name the column in a problem. */
  private readonly headerOfTrait = new Map<string, string>();
  /** trait name -> the customer column splitTraits puts it in (none: an attribute). */
  private readonly columnOfTrait = new Map<string, keyof CustomerColumns | undefined>();

  constructor(
    private readonly mapping: ResolvedMapping,
    private readonly headers: readonly string[],
    private readonly options: ImportOptions,
    rules: AttributeRules = {},
  ) {
    const mappedIndexes = new Set(Object.values(mapping));
    const ignored = new Set(rules.ignore ?? []);
    this.attributeColumns = headers.flatMap((header, index) =>
      mappedIndexes.has(index) || ignored.has(header) || header === ''
        ? []
        : [{ index, header, name: rules.names?.[header] ?? header, type: rules.types?.[header] ?? 'auto', blankMeansZero: rules.blankMeansZero?.includes(header) ?? false }],
    );
    for (const column of this.attributeColumns) this.headerOfTrait.set(column.name, column.header);
    for (const [field, index] of Object.entries(mapping)) this.headerOfTrait.set(field, headers[index]);
    for (const trait of this.headerOfTrait.keys()) this.columnOfTrait.set(trait, columnOf(trait));
  }

  map(record: readonly string[], line: number): RowOutcome<CustomerRow> {
    const externalId = record[this.mapping.externalId]?.trim() ?? '';
    if (externalId === '') return { kind: 'bad', problems: [problemAt(line, this.headers[this.mapping.externalId], 'is empty (every customer needs an id)')] };

    const problems = [];
    const notes: string[] = [];
    const traits: Record<string, unknown> = {};
    for (const column of this.attributeColumns) {
      const text = record[column.index] ?? '';
      if (column.blankMeansZero && text.trim() === '') {
        traits[column.name] = 0;
        notes.push(`${column.header} was blank; stored as 0`);
        continue;
      }
      try {
        traits[column.name] = parseAttribute(text, column.type);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        problems.push(problemAt(line, column.header, error.message));
      }
    }
    // Mapped fields after the attributes: a mapped field wins over a same-named column.
    const blankTraits: string[] = [];
    for (const [field, index] of Object.entries(this.mapping)) {
      if (field === 'externalId') continue;
      const text = record[index]?.trim() ?? '';
      if (text === '') {
        blankTraits.push(field);
        continue;
      }
      if (field === 'signupAt') {
        try {
          traits.signupAt = parseDateTime(text, this.options.dateFormat, this.options.timeZone);
        } catch (error) {
          if (!(error instanceof ValueError)) throw error;
          problems.push(problemAt(line, this.headers[index], error.message));
        }
      } else {
        traits[field] = text;
      }
    }
    if (problems.length) return { kind: 'bad', problems };

    // Blank attribute cells are null in attributes; a blank in a column-like trait clears the column.
    for (const [name, value] of Object.entries(traits)) {
      if (value === null && name !== 'address') {
        delete traits[name];
        blankTraits.push(name);
      }
    }
    try {
      const { columns, attributes } = splitTraits(traits, 'row');
      for (const name of blankTraits) {
        const column = this.columnOfTrait.get(name);
        if (column) setBlank(columns, column);
        else attributes[name] = null;
      }
      return { kind: 'row', row: { line, externalId, columns, attributes }, ...(notes.length ? { notes } : {}) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const detail = error.details[0];
      const trait = detail?.path?.replace(/^row\./, '').split('.')[0] ?? '';
      const reason = (detail?.message ?? error.message).replace(/^row\.[^:]*:\s*/, '');
      const header = this.headerOfTrait.get(trait) ?? trait;
      const value = record[this.headers.indexOf(header)];
      const quoted = value === undefined ? '' : JSON.stringify(value);
      return { kind: 'bad', problems: [problemAt(line, header, quoted === '' || reason.includes(quoted) ? reason : `${quoted} ${reason}`)] };
    }
  }
}

/** Which customer column a trait name fills, asked of splitTraits itself so both always agree. */
function columnOf(trait: string): keyof CustomerColumns | undefined {
  try {
    return Object.keys(splitTraits({ [trait]: null }).columns)[0] as keyof CustomerColumns | undefined;
  } catch {
    return 'emailConsent'; // the only boolean column: null is not a yes/no
  }
}

/** A blank cell: null, except email consent, which is false when not given. */
function setBlank(columns: CustomerColumns, column: keyof CustomerColumns): void {
  if (column === 'emailConsent') columns.emailConsent = false;
  else (columns as Record<string, unknown>)[column] = null;
}
