import type { FlowFunnel, FunnelStep } from '../api/experiments';
import { BarChart } from '../charts/BarChart';
import { formatCount } from '../format';
import { percent } from './experiment-words';

const TYPE_WORDS: Record<string, string> = {
  trigger: 'Entered',
  segmentFilter: 'Segment filter',
  riskThreshold: 'Risk threshold',
  abSplit: 'A/B split',
  wait: 'Wait',
  email: 'Email',
  offer: 'Offer',
  webhook: 'Webhook',
  goal: 'Goal',
  exit: 'Exit',
  removed: 'Removed step',
};

/** "Email: We miss you", or the node id when the step has no label. */
export function stepName(node: FunnelStep): string {
  return `${TYPE_WORDS[node.type] ?? node.type}${node.label ? `: ${node.label}` : node.type === 'trigger' ? '' : ` (${node.nodeId})`}`;
}

/** From entry through each step to the goal: how many enrollments reached each, as bars. */
export function FunnelChart({ funnel }: { funnel: FlowFunnel }) {
  const steps = funnel.nodes.filter((node) => node.depth >= 0 || node.entered > 0);
  const bars = steps.map((node) => ({
    label: stepName(node),
    value: node.entered,
    valueText: `${formatCount(node.entered)}${funnel.entries > 0 && node.type !== 'trigger' ? ` · ${percent(node.entered / funnel.entries, 0)}` : ''}`,
  }));
  bars.push({ label: 'Goal reached', value: funnel.goalReached, valueText: `${formatCount(funnel.goalReached)} · ${percent(funnel.goalRate, 1)}` });
  return <BarChart title={`Funnel: ${formatCount(funnel.entries)} entries, ${percent(funnel.goalRate)} reached the goal`} bars={bars} formatValue={formatCount} width={640} labelWidth={240} />;
}
