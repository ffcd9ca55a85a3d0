import { DEFAULT_HOLDOUT_PERCENT, triggerNode, triggerNodeDataSchema } from './trigger';

const base = { source: { kind: 'manual' as const }, reEntry: { policy: 'never' as const } };

describe('trigger holdoutPercent', () => {
  it('new triggers hold out 5 %', () => {
    expect(DEFAULT_HOLDOUT_PERCENT).toBe(5);
    expect(triggerNode.defaultData().holdoutPercent).toBe(5);
    expect(triggerNodeDataSchema.safeParse(triggerNode.defaultData()).success).toBe(true);
  });

  it('is optional, so flows saved before holdouts stay valid', () => {
    const parsed = triggerNodeDataSchema.parse(base);
    expect(parsed.holdoutPercent).toBeUndefined();
  });

  it('accepts 0 to 50, fractions included', () => {
    for (const holdoutPercent of [0, 2.5, 5, 50]) expect(triggerNodeDataSchema.parse({ ...base, holdoutPercent }).holdoutPercent).toBe(holdoutPercent);
  });

  it('refuses values outside 0–50 or not numbers, with a message', () => {
    const messages = (holdoutPercent: unknown) => {
      const result = triggerNodeDataSchema.safeParse({ ...base, holdoutPercent });
      expect(result.success).toBe(false);
      return result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    expect(messages(-1)).toEqual(['holdoutPercent: must be at least 0']);
    expect(messages(51)[0]).toMatch(/^holdoutPercent: must be at most 50/);
    expect(messages('5')).toEqual(['holdoutPercent: must be a number']);
  });
});
