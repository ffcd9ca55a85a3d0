import { CustomerRowMapper } from './customer-rows';
import { resolveMapping } from './mapping';
import { DEFAULT_OPTIONS, PRESETS } from './presets';
import { TransactionRowMapper } from './transaction-rows';

const retail = PRESETS['online-retail'];
const retailHeaders = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

describe('transaction rows', () => {
  const mapper = () => new TransactionRowMapper(resolveMapping(retail.mapping, retailHeaders, 'f.csv'), retailHeaders, { ...DEFAULT_OPTIONS, ...retail.options });

  it('maps an Online Retail line, flags cancellations and returns, and converts UK time', () => {
    const outcome = mapper().map(['C536379', 'D', 'Discount', '-1', '2011-07-01 09:41:00', '27.5', '14527', 'United Kingdom'], 5);
    expect(outcome.kind).toBe('row');
    if (outcome.kind !== 'row') return;
    expect(outcome.row).toMatchObject({ externalId: '14527', invoice: 'C536379', quantity: '-1', unitPrice: '27.5', amount: null, currency: 'GBP', isCancellation: true, isReturn: true, occurredAt: '2011-07-01T08:41:00.000Z', country: 'United Kingdom' });
  });

  it('skips a line without a customer, with the reason', () => {
    expect(mapper().map(['536544', '21773', 'X', '1', '2010-12-01 14:32:00', '2.51', '', 'United Kingdom'], 9)).toEqual({ kind: 'skip', reason: 'no customer id (CustomerID is empty)' });
  });

  it('reports every bad cell of a line with line, column and reason', () => {
    const outcome = mapper().map(['536365', '85123A', 'X', 'abc', '2010-13-01 08:26:00', '2.55', '17850', 'United Kingdom'], 17);
    expect(outcome).toEqual({
      kind: 'bad',
      problems: [
        { line: 17, column: 'InvoiceDate', message: 'line 17, column InvoiceDate: "2010-13-01 08:26:00" is not a valid date or time' },
        { line: 17, column: 'Quantity', message: 'line 17, column Quantity: "abc" is not a number' },
      ],
    });
  });

  it('gives identical lines different keys, and the same keys on a second pass', () => {
    const line = ['536409', '90199B', 'X', '1', '2010-12-01 11:45:00', '5.95', '17908', 'United Kingdom'];
    const keys = (m: TransactionRowMapper) => [m.map(line, 2), m.map(line, 3)].map((o) => (o.kind === 'row' ? o.row.lineKey : ''));
    const first = keys(mapper());
    expect(first[0]).not.toBe(first[1]);
    expect(first[1]).toMatch(/:2$/);
    expect(keys(mapper())).toEqual(first);
  });
});

describe('customer rows', () => {
  const telco = PRESETS.telco;
  const headers = ['customerID', 'gender', 'SeniorCitizen', 'tenure', 'PhoneService', 'MultipleLines', 'Contract', 'MonthlyCharges', 'TotalCharges', 'Churn'];
  const mapper = () => new CustomerRowMapper(resolveMapping(telco.mapping, headers, 'telco.csv'), headers, DEFAULT_OPTIONS, telco.attributes);

  it('keeps typed attributes, maps Contract to plan and Churn to churned, and notes a blank total', () => {
    const outcome = mapper().map(['4472-LVYGI', 'Female', '0', '0', 'No', 'No phone service', 'Two year', '52.55', ' ', 'No'], 490);
    expect(outcome).toEqual({
      kind: 'row',
      row: {
        line: 490,
        externalId: '4472-LVYGI',
        columns: { plan: 'Two year' },
        attributes: { gender: 'Female', SeniorCitizen: false, tenure: 0, PhoneService: false, MultipleLines: 'No phone service', MonthlyCharges: 52.55, TotalCharges: 0, churned: false },
      },
      notes: ['TotalCharges was blank; stored as 0'],
    });
  });

  it('names the line and column of a bad typed value', () => {
    const outcome = mapper().map(['1', 'Male', '2', 'x', 'Yes', 'No', 'One year', '1', '1', 'Yes'], 3);
    expect(outcome.kind).toBe('bad');
    if (outcome.kind !== 'bad') return;
    expect(outcome.problems.map((p) => p.message)).toEqual(['line 3, column SeniorCitizen: "2" is not yes/no (true/false, 1/0)', 'line 3, column tenure: "x" is not a number']);
  });

  it('sends columns named like traits to the customer columns, as identify does', () => {
    const h = ['id', 'Email', 'age', 'favourite'];
    const m = new CustomerRowMapper(resolveMapping({ externalId: 'id' }, h, 'c.csv'), h, DEFAULT_OPTIONS);
    expect(m.map(['c1', 'Ann@Example.com', '41', 'tea'], 2)).toEqual({ kind: 'row', row: { line: 2, externalId: 'c1', columns: { email: 'ann@example.com', age: 41 }, attributes: { favourite: 'tea' } } });
    const bad = m.map(['c2', 'not-an-email', '41', 'tea'], 3);
    expect(bad).toEqual({ kind: 'bad', problems: [{ line: 3, column: 'Email', message: 'line 3, column Email: "not-an-email" is not an email address' }] });
  });

  it('refuses a mapping that names a header the file lacks, naming it', () => {
    expect(() => resolveMapping({ externalId: 'customer_id' }, headers, 'telco.csv')).toThrow(/telco.csv has no column "customer_id" \(for externalId\)/);
  });
});
