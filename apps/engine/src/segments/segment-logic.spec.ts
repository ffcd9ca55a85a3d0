import { diffMembership } from './membership-diff';
import { findDependencyCycle, orderByDependencies, withDependents } from './segment-dependencies';
import { createSegmentMatcher, formatScore } from './segment-matcher';
import { affectedBy } from './segment-catalog';
import type { StoredDefinition } from './segments.schemas';

describe('diffMembership', () => {
  it('enters new matches and exits members that no longer match', () => {
    const members = new Set([2, 3]);
    expect(diffMembership([1, 2, 3, 4], [true, true, false, false], (id) => members.has(id))).toEqual({ entered: [1], exited: [3] });
  });
});

describe('affectedBy', () => {
  const rule = (condition: unknown) => ({ kind: 'rule', definition: { condition } }) as StoredDefinition;
  const cases: Array<[string, StoredDefinition, boolean, boolean]> = [
    ['rfm', { kind: 'rfm', definition: { segments: ['Lost'] } }, true, false],
    ['cluster', { kind: 'cluster', definition: { clusters: [1] } }, true, false],
    ['score band', { kind: 'scoreBand', definition: { model: 'churn', min: 0.7 } }, false, true],
    ['manual list', { kind: 'manual', definition: { customerIds: [1] } } as StoredDefinition, false, false],
    ['rule over features', rule({ all: [{ fact: 'features.recencyDays', operator: 'greaterThan', value: 90 }] }), true, false],
    ['rule over attributes only', rule({ all: [{ fact: 'country', operator: 'equal', value: 'France' }] }), true, false],
    ['rule naming a score under not', rule({ any: [{ fact: 'plan', operator: 'equal', value: 'pro' }, { not: { fact: 'scores.churn', operator: 'lessThan', value: 0.5 } }] }), true, true],
  ];
  it.each(cases)('%s: new facts %s, new scores %s', (_name, stored, facts, scores) => {
    expect([affectedBy('facts', stored), affectedBy('scores', stored)]).toEqual([facts, scores]);
  });
});

describe('segment dependencies', () => {
  const nodes = [
    { id: 1, dependsOn: [3] },
    { id: 2, dependsOn: [] },
    { id: 3, dependsOn: [2] },
    { id: 4, dependsOn: [99] }, // an archived segment: ignored
  ];
  it('orders every segment after the ones it uses', () => {
    expect(orderByDependencies(nodes)).toEqual([2, 3, 1, 4]);
    expect(withDependents([2], nodes)).toEqual([2, 3, 1]);
    expect(withDependents([4], nodes)).toEqual([4]);
  });
  it('finds cycles, including a segment using itself', () => {
    expect(findDependencyCycle(nodes)).toBeUndefined();
    expect(findDependencyCycle([...nodes, { id: 2, dependsOn: [1] }].filter((n, i) => !(n.id === 2 && i === 1)))).toEqual([1, 3, 2, 1]);
    expect(findDependencyCycle([{ id: 5, dependsOn: [5] }])).toEqual([5, 5]);
    expect(() => orderByDependencies([{ id: 5, dependsOn: [5] }])).toThrow('cycle');
  });
});

describe('segment matchers', () => {
  const context = { now: new Date(), activeModels: new Map([['churn', { id: 11, version: 3, ids: [11] }]]) };
  it('score band: inclusive bounds, reasons in words, model version and score', () => {
    const band = createSegmentMatcher({ kind: 'scoreBand', definition: { model: 'churn', min: 0.7 } }, context);
    expect(band.needs).toEqual(['scores.churn']);
    expect(band.matches({ 'scores.churn': 0.7 })).toBe(true);
    expect(band.matches({ 'scores.churn': 0.69 })).toBe(false);
    expect(band.matches({})).toBe(false);
    expect(band.enterReason({ 'scores.churn': 0.74 })).toBe('churn risk 0.74 ≥ 0.70');
    expect(band.exitReason({ 'scores.churn': 0.699 })).toBe('churn risk 0.699 < 0.70');
    expect(band.exitReason({})).toBe('no churn risk score from model version 3');
    expect(band.modelVersionId).toBe(11);
    const noModel = createSegmentMatcher({ kind: 'scoreBand', definition: { model: 'churn', max: 0.3 } }, { ...context, activeModels: new Map() });
    expect(noModel.matches({ 'scores.churn': 0.1 })).toBe(false);
    expect(noModel.exitReason({})).toBe('no active churn model');
  });
  it('RFM by cell uses FM = round((F + M) / 2)', () => {
    const cell = createSegmentMatcher({ kind: 'rfm', definition: { cells: [{ r: 2, fm: 5 }] } }, context);
    expect(cell.matches({ 'rfm.recency': 2, 'rfm.frequency': 4, 'rfm.monetary': 5 })).toBe(true);
    expect(cell.matches({ 'rfm.recency': 2, 'rfm.frequency': 4, 'rfm.monetary': 4 })).toBe(false);
  });
  it('rules load only the parts they use', () => {
    const rule = createSegmentMatcher({ kind: 'rule', definition: { condition: { all: [{ fact: 'features.frequency', operator: 'equal', value: 1 }] } } }, context);
    expect(rule.needs).toEqual(['features.frequency']);
    expect(formatScore(0.5, 0.7)).toBe('0.50');
  });
});
