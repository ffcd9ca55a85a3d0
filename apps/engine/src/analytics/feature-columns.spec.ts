import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CUSTOMER_FEATURE_NAMES } from '@retain/segmentation';
import { FEATURE_COLUMN, featureColumn } from './feature-columns';

describe('feature columns', () => {
  it('has a customer_facts column in the Prisma schema for every feature (a new feature needs a migration)', () => {
    const schema = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'prisma', 'schema.prisma'), 'utf8');
    const facts = /model CustomerFacts \{([\s\S]*?)\n\}/.exec(schema)![1];
    for (const name of CUSTOMER_FEATURE_NAMES) expect([name, facts.includes(`@map("${FEATURE_COLUMN[name]}")`)]).toEqual([name, true]);
    expect(FEATURE_COLUMN.recencyDays).toBe('recency_days');
    expect(featureColumn('averageOrderValue')).toBe('average_order_value');
    expect(featureColumn('toString')).toBeUndefined();
    expect(featureColumn('shoeSize')).toBeUndefined();
  });
});
