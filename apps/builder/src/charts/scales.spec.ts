import { areaPath, heatColour, linearScale, linePath, niceDomainFromZero, niceTicks } from './scales';

describe('chart scales', () => {
  it('maps a domain onto a range, including inverted ranges for SVG y', () => {
    const x = linearScale([0, 10], [50, 150]);
    expect(x(0)).toBe(50);
    expect(x(5)).toBe(100);
    expect(x(10)).toBe(150);
    const y = linearScale([0, 1], [200, 0]);
    expect(y(0.25)).toBe(150);
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

  it('picks round ticks of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0, 0.33, 3)).toEqual([0, 0.2]);
    expect(niceTicks(0.1, 0.7, 6)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(2, 8, 6)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('widens [0, max] to the next round number', () => {
    expect(niceDomainFromZero(63)).toEqual([0, 80]);
    expect(niceDomainFromZero(1234)).toEqual([0, 1500]);
    expect(niceDomainFromZero(0)).toEqual([0, 1]);
  });

  it('draws lines and closed areas through pixel points', () => {
    const points = [
      { x: 0, y: 10 },
      { x: 5.123, y: 20 },
      { x: 10, y: 0 },
    ];
    expect(linePath(points)).toBe('M0,10 L5.12,20 L10,0');
    expect(areaPath(points, 30)).toBe('M0,10 L5.12,20 L10,0 L10,30 L0,30 Z');
    expect(areaPath([], 30)).toBe('');
  });

  it('colours from light (few) to dark (many)', () => {
    expect(heatColour(0)).toBe('rgb(231, 238, 250)');
    expect(heatColour(1)).toBe('rgb(23, 74, 150)');
    expect(heatColour(2)).toBe(heatColour(1));
  });
});
