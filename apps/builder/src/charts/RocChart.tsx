import { LineChart } from './LineChart';

export interface RocPoint {
  fpr: number;
  tpr: number;
}

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** The ROC curve of a model against the diagonal of a coin toss, with the AUC in the title. */
export function RocChart({ points, auc, title = 'ROC curve' }: { points: readonly RocPoint[]; auc: number | null; title?: string }) {
  const sorted = [...points].sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  const aucText = auc === null ? 'AUC unknown' : `AUC ${auc.toFixed(3)}`;
  return (
    <LineChart
      title={`${title} (${aucText})`}
      description={`True positive rate against false positive rate over ${points.length} thresholds; the diagonal is a random guess.`}
      points={sorted.map((p) => ({ x: p.fpr, y: p.tpr }))}
      xDomain={[0, 1]}
      yDomain={[0, 1]}
      xTicks={[0, 0.25, 0.5, 0.75, 1]}
      formatX={percent}
      formatY={percent}
      xLabel="False positive rate"
      yLabel="True positive rate"
      diagonal
      width={360}
      height={320}
    />
  );
}
