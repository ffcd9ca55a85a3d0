import type { FactDefinition } from '../api/segments';
import { blankRow, fromCondition, operatorsFor, toCondition } from './condition-rows';
import { definitionFromDraft, draftFromSegment, emptyDraft, parseIds } from './segment-draft';

const FACTS: FactDefinition[] = [
  { name: 'country', type: 'text', group: 'customer', label: 'Country' },
  { name: 'features.monetary', type: 'number', group: 'features', label: 'Net revenue' },
  { name: 'emailConsent', type: 'boolean', group: 'customer', label: 'Email consent' },
  { name: 'segments', type: 'segmentIds', group: 'segments', label: 'Segments' },
];

describe('the rule form', () => {
  it('offers operators by fact type', () => {
    expect(operatorsFor(FACTS[1]).map((o) => o.name)).toContain('greaterThan');
    expect(operatorsFor(FACTS[0]).map((o) => o.name)).toEqual(expect.arrayContaining(['equal', 'in', 'startsWith']));
    expect(operatorsFor(FACTS[3]).map((o) => o.name)).toEqual(['inSegment', 'notInSegment']);
    expect(blankRow(FACTS)).toEqual({ fact: 'features.monetary', operator: 'greaterThan', value: '' });
  });

  it('turns rows into a json-rules-engine condition with typed values, and back', () => {
    const condition = toCondition(
      {
        joiner: 'any',
        rows: [
          { fact: 'features.monetary', operator: 'greaterThan', value: ' 2000 ' },
          { fact: 'country', operator: 'in', value: 'France, Germany' },
          { fact: 'emailConsent', operator: 'equal', value: 'false' },
          { fact: 'segments', operator: 'inSegment', value: '3' },
        ],
      },
      FACTS,
    );
    expect(condition).toEqual({
      any: [
        { fact: 'features.monetary', operator: 'greaterThan', value: 2000 },
        { fact: 'country', operator: 'in', value: ['France', 'Germany'] },
        { fact: 'emailConsent', operator: 'equal', value: false },
        { fact: 'segments', operator: 'inSegment', value: '3' },
      ],
    });
    expect(fromCondition(condition)?.rows[1]).toEqual({ fact: 'country', operator: 'in', value: 'France, Germany' });
    expect(fromCondition(condition)?.joiner).toBe('any');
  });

  it('leaves nested groups, paths and not to the JSON editor', () => {
    expect(fromCondition({ all: [{ any: [{ fact: 'country', operator: 'equal', value: 'France' }] }] })).toBeNull();
    expect(fromCondition({ all: [{ fact: 'attributes', path: '$.Contract', operator: 'equal', value: 'Month-to-month' }] })).toBeNull();
    expect(fromCondition({ not: { fact: 'country', operator: 'equal', value: 'France' } })).toBeNull();
  });
});

describe('segment drafts', () => {
  it('builds each kind’s definition', () => {
    expect(definitionFromDraft({ ...emptyDraft('rfm'), rfmSegments: ['At Risk'] }, FACTS)).toEqual({ segments: ['At Risk'] });
    expect(definitionFromDraft({ ...emptyDraft('cluster'), clusters: [0, 2] }, FACTS)).toEqual({ clusters: [0, 2] });
    expect(definitionFromDraft({ ...emptyDraft('scoreBand'), min: '0.5', max: '' }, FACTS)).toEqual({ model: 'churn', min: 0.5 });
    expect(definitionFromDraft({ ...emptyDraft('manual'), ids: '12872\n13000, 13000; 14000' }, FACTS)).toEqual({ externalIds: ['12872', '13000', '14000'] });
    expect(definitionFromDraft({ ...emptyDraft('manual'), ids: '7 8', idKind: 'customerIds' }, FACTS)).toEqual({ customerIds: [7, 8] });
    expect(() => definitionFromDraft({ ...emptyDraft('rule'), condition: null, conditionJson: '{ nope' }, FACTS)).toThrow('The rule is not valid JSON.');
    expect(parseIds(' a ,b\n\nc ')).toEqual(['a', 'b', 'c']);
  });

  it('reads a stored manual segment back as customer ids', () => {
    const draft = draftFromSegment({ id: 5, name: 'VIP', description: null, kind: 'manual', definition: { customerIds: [3, 4] }, size: 2, createdById: 1, createdAt: '', updatedAt: '', lastRefreshedAt: null, archivedAt: null });
    expect(draft).toMatchObject({ kind: 'manual', name: 'VIP', ids: '3\n4', idKind: 'customerIds' });
  });
});
