import { parseFrequencyCap } from './frequency-cap';

describe('frequency cap', () => {
  it('parses count/window in hours or days', () => {
    expect(parseFrequencyCap('3/7d')).toEqual({ count: 3, windowMs: 7 * 86_400_000, text: '3/7d' });
    expect(parseFrequencyCap('1/12h')).toEqual({ count: 1, windowMs: 12 * 3_600_000, text: '1/12h' });
  });
  it('refuses other shapes and zeros', () => {
    for (const bad of ['3', '3/7', '3/7w', 'three/7d', '0/7d', '3/0d']) expect(() => parseFrequencyCap(bad)).toThrow();
  });
});
