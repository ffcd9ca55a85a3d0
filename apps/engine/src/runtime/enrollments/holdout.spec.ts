import { FLOW_SCHEMA_VERSION, isInGlobalControl, isInHoldout, type FlowDefinition } from '@retain/rules';
import { holdoutPercentOf, splitEntrants } from './holdout';

const withTrigger = (data: Record<string, unknown>) =>
  ({ schemaVersion: FLOW_SCHEMA_VERSION, nodes: [{ id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { source: { kind: 'manual' }, reEntry: { policy: 'never' }, ...data } }], edges: [] }) as unknown as FlowDefinition;

describe('holdout at enrollment', () => {
  it('reads the trigger’s percent; none without the field or a trigger', () => {
    expect(holdoutPercentOf(withTrigger({ holdoutPercent: 7.5 }))).toBe(7.5);
    expect(holdoutPercentOf(withTrigger({}))).toBe(0);
    expect(holdoutPercentOf({ schemaVersion: FLOW_SCHEMA_VERSION, nodes: [], edges: [] } as unknown as FlowDefinition)).toBe(0);
    // a stored definition is not trusted blindly: out of range values are clamped
    expect(holdoutPercentOf(withTrigger({ holdoutPercent: 90 }))).toBe(50);
    expect(holdoutPercentOf(withTrigger({ holdoutPercent: 'x' }))).toBe(0);
  });

  it('splits entrants: global control first, then the flow’s holdout, the rest treated', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => i + 1);
    const split = splitEntrants(9, ids, 20, 10);
    expect(split.globalControl).toEqual(ids.filter((id) => isInGlobalControl(id, 10)));
    expect(split.heldOut).toEqual(ids.filter((id) => !isInGlobalControl(id, 10) && isInHoldout(9, id, 20)));
    expect(split.treated.length + split.heldOut.length + split.globalControl.length).toBe(2000);
    expect(split.globalControl.length).toBeGreaterThan(150);
    expect(split.heldOut.length).toBeGreaterThan(300);
  });
});
