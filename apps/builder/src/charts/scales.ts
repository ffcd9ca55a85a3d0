// Geometry shared by the charts: linear scales, "nice" ticks and SVG paths. No React here, so the
// numbers can be tested on their own.

export interface LinearScale {
  (value: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const width = d1 - d0;
  const scale = ((value: number) => (width === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / width) * (r1 - r0))) as LinearScale;
  return Object.assign(scale, { domain, range });
}

/** A step of 1, 2 or 5 × 10^n that splits `span` into about `count` parts. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Round tick values covering [min, max], about `count` of them: 0, 50, 100, 150. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const step = niceStep(max - min, count);
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let value = first; value <= max + step * 1e-9; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** [0, max] widened to the next round tick, so bars and lines end below the top of the chart. */
export function niceDomainFromZero(max: number, count = 5): [number, number] {
  if (!(max > 0)) return [0, 1];
  const step = niceStep(max, count);
  return [0, Math.ceil(max / step - 1e-9) * step];
}

export interface Point {
  x: number;
  y: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** "M x y L x y …" through the points (already in pixels). */
export function linePath(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
}

/** The line closed down to `baseline`, for a filled area under it. */
export function areaPath(points: readonly Point[], baseline: number): string {
  if (points.length === 0) return '';
  const first = points[0];
  const last = points[points.length - 1];
  return `${linePath(points)} L${round(last.x)},${round(baseline)} L${round(first.x)},${round(baseline)} Z`;
}

/** A colour between light and dark blue for `share` in [0, 1] (0 = lightest); used by the heat grid. */
export function heatColour(share: number): string {
  const t = Math.min(1, Math.max(0, share));
  const from = [231, 238, 250];
  const to = [23, 74, 150];
  const [r, g, b] = from.map((c, i) => Math.round(c + (to[i] - c) * t));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Text colour readable on heatColour(share). */
export function textOnHeat(share: number): string {
  return share > 0.45 ? '#ffffff' : '#1c2430';
}
