import { useId } from 'react';
import { heatColour, textOnHeat } from './scales';
import './charts.css';

export interface HeatCell {
  row: number;
  column: number;
  value: number;
  /** Extra words for the cell's hover text and label, e.g. the RFM segment it belongs to. */
  name?: string;
}

export interface HeatGridProps {
  title: string;
  /** Row values from top to bottom, e.g. [5, 4, 3, 2, 1]. */
  rows: readonly number[];
  columns: readonly number[];
  cells: readonly HeatCell[];
  rowLabel: string;
  columnLabel: string;
  formatValue?(value: number): string;
  /** The cell someone points at or focuses (highlighted), and a way to tell. */
  highlighted?(cell: HeatCell): boolean;
  onCellFocus?(cell: HeatCell | null): void;
  cellSize?: number;
}

const LEFT = 44;
const TOP = 8;
const BOTTOM = 40;

/** A grid of cells coloured by count (darker = more), the count written in each cell. */
export function HeatGrid({ title, rows, columns, cells, rowLabel, columnLabel, formatValue = String, highlighted, onCellFocus, cellSize = 72 }: HeatGridProps) {
  const id = useId();
  const max = Math.max(0, ...cells.map((c) => c.value));
  const width = LEFT + columns.length * cellSize + 8;
  const height = TOP + rows.length * cellSize + BOTTOM;
  const at = new Map(cells.map((c) => [`${c.row},${c.column}`, c]));
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title`} className="heat-grid" style={{ maxWidth: width }}>
        {rows.map((row, r) => (
          <text key={`r${row}`} className="chart-axis" x={LEFT - 10} y={TOP + r * cellSize + cellSize / 2} textAnchor="end" dominantBaseline="middle">
            {row}
          </text>
        ))}
        {columns.map((column, c) => (
          <text key={`c${column}`} className="chart-axis" x={LEFT + c * cellSize + cellSize / 2} y={TOP + rows.length * cellSize + 16} textAnchor="middle">
            {column}
          </text>
        ))}
        <text className="chart-axis-label" x={LEFT + (columns.length * cellSize) / 2} y={height - 4} textAnchor="middle">
          {columnLabel}
        </text>
        <text className="chart-axis-label" transform={`translate(12 ${TOP + (rows.length * cellSize) / 2}) rotate(-90)`} textAnchor="middle">
          {rowLabel}
        </text>
        {rows.map((row, r) =>
          columns.map((column, c) => {
            const cell = at.get(`${row},${column}`) ?? { row, column, value: 0 };
            const share = max > 0 ? cell.value / max : 0;
            const text = formatValue(cell.value);
            const hover = `${rowLabel} ${row}, ${columnLabel} ${column}: ${text}${cell.name ? ` (${cell.name})` : ''}`;
            return (
              <g
                key={`${row},${column}`}
                className={`heat-cell${highlighted?.(cell) ? ' highlighted' : ''}`}
                data-testid={`heat-cell-${row}-${column}`}
                onMouseEnter={() => onCellFocus?.(cell)}
                onMouseLeave={() => onCellFocus?.(null)}
              >
                <title>{hover}</title>
                <rect x={LEFT + c * cellSize + 1} y={TOP + r * cellSize + 1} width={cellSize - 2} height={cellSize - 2} rx={3} fill={heatColour(share)} />
                <text x={LEFT + c * cellSize + cellSize / 2} y={TOP + r * cellSize + cellSize / 2} textAnchor="middle" dominantBaseline="middle" fill={textOnHeat(share)} className="heat-value">
                  {text}
                </text>
              </g>
            );
          }),
        )}
      </svg>
    </figure>
  );
}
