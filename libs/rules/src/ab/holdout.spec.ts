import { assignmentPoint } from './assign-variant';
import { GLOBAL_CONTROL_KEY, holdoutKey, isInGlobalControl, isInHoldout } from './holdout';

const customers = Array.from({ length: 20_000 }, (_, i) => i + 1);

describe('holdout assignment', () => {
  it('holds out the customers whose assignment point is below the percent', () => {
    for (const id of customers.slice(0, 200)) {
      expect(isInHoldout(7, id, 5)).toBe(assignmentPoint('holdout:flow-7', String(id)) < 0.05);
    }
    expect(holdoutKey(7)).toBe('holdout:flow-7');
  });

  it('is deterministic and close to the configured share', () => {
    const held = customers.filter((id) => isInHoldout(42, id, 5));
    expect(customers.filter((id) => isInHoldout(42, id, 5))).toEqual(held);
    // 5 % of 20,000 = 1,000; the binomial standard deviation is about 31
    expect(held.length).toBeGreaterThan(900);
    expect(held.length).toBeLessThan(1100);
  });

  it('grows monotonically: raising the percent only adds customers', () => {
    const five = customers.filter((id) => isInHoldout(3, id, 5));
    const ten = new Set(customers.filter((id) => isInHoldout(3, id, 10)));
    expect(five.every((id) => ten.has(id))).toBe(true);
  });

  it('differs between flows, so one flow’s holdout is not every flow’s', () => {
    const a = customers.filter((id) => isInHoldout(1, id, 10));
    const b = new Set(customers.filter((id) => isInHoldout(2, id, 10)));
    const overlap = a.filter((id) => b.has(id)).length;
    // independent 10 % draws overlap on about 1 % of customers (200), far from all 2,000
    expect(overlap).toBeGreaterThan(120);
    expect(overlap).toBeLessThan(280);
  });

  it('holds out nobody at 0 % and uses its own key for the global control group', () => {
    expect(customers.some((id) => isInHoldout(1, id, 0))).toBe(false);
    expect(customers.some((id) => isInGlobalControl(id, 0))).toBe(false);
    for (const id of customers.slice(0, 200)) expect(isInGlobalControl(id, 20)).toBe(assignmentPoint(GLOBAL_CONTROL_KEY, String(id)) < 0.2);
  });
});
