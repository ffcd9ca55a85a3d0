import { definitionFromDraft, draftFromSegment, emptyDraft, parseIds } from './segment-draft';

describe('segment drafts', () => {
  it('builds each kind’s definition', () => {
    const condition = { all: [{ fact: 'features.monetary', operator: 'greaterThan', value: 2000 }] };
    expect(definitionFromDraft({ ...emptyDraft('rule'), condition })).toEqual({ condition });
    expect(definitionFromDraft({ ...emptyDraft('rfm'), rfmSegments: ['At Risk'] })).toEqual({ segments: ['At Risk'] });
    expect(definitionFromDraft({ ...emptyDraft('rfm'), rfmMode: 'cells', rfmCells: [{ r: 1, fm: 5 }] })).toEqual({ cells: [{ r: 1, fm: 5 }] });
    expect(definitionFromDraft({ ...emptyDraft('cluster'), clusters: [0, 2] })).toEqual({ clusters: [0, 2] });
    expect(definitionFromDraft({ ...emptyDraft('scoreBand'), min: '0.5', max: '' })).toEqual({ model: 'churn', min: 0.5 });
    expect(definitionFromDraft({ ...emptyDraft('scoreBand'), min: '', max: '0.2' })).toEqual({ model: 'churn', max: 0.2 });
    expect(definitionFromDraft({ ...emptyDraft('manual'), ids: '12872\n13000, 13000; 14000' })).toEqual({ externalIds: ['12872', '13000', '14000'] });
    expect(definitionFromDraft({ ...emptyDraft('manual'), ids: '7 8', idKind: 'customerIds' })).toEqual({ customerIds: [7, 8] });
    expect(parseIds(' a ,b\n\nc ')).toEqual(['a', 'b', 'c']);
  });

  it('reads stored segments back into the form', () => {
    const base = { id: 5, name: 'VIP', description: null, size: 2, createdById: 1, createdAt: '', updatedAt: '', lastRefreshedAt: null, archivedAt: null };
    expect(draftFromSegment({ ...base, kind: 'manual', definition: { customerIds: [3, 4] } })).toMatchObject({ kind: 'manual', name: 'VIP', ids: '3\n4', idKind: 'customerIds' });
    expect(draftFromSegment({ ...base, kind: 'rfm', definition: { cells: [{ r: 2, fm: 4 }] } })).toMatchObject({ rfmMode: 'cells', rfmCells: [{ r: 2, fm: 4 }] });
    expect(draftFromSegment({ ...base, kind: 'scoreBand', definition: { model: 'churn', min: 0.7 } })).toMatchObject({ min: '0.7', max: '' });
    const nested = { any: [{ all: [{ fact: 'country', operator: 'equal', value: 'France' }] }] };
    expect(draftFromSegment({ ...base, kind: 'rule', definition: { condition: nested } }).condition).toEqual(nested);
  });
});
