// The builder's one node registry, keyed by the schema's node `type` (@retain/rules NODE_TYPES):
// per type the canvas component, an icon, the palette text, a one-line summary, labels for its
// outputs and the configuration panel. Default data comes from the rules (defaultNodeData).
import type { NodeTypes } from '@xyflow/react';
import type { ComponentType } from 'react';
import { defaultNodeData, formatDuration, NODE_TYPES, nodeTypeDefinitions, type NodeDataByType, type NodeType } from '@retain/rules';
import { AbSplitPanel } from '../panels/AbSplitPanel';
import { EmailPanel } from '../panels/EmailPanel';
import { ExitPanel } from '../panels/ExitPanel';
import { GoalPanel } from '../panels/GoalPanel';
import { OfferPanel } from '../panels/OfferPanel';
import type { PanelProps } from '../panels/panel-props';
import { RiskThresholdPanel } from '../panels/RiskThresholdPanel';
import { SegmentFilterPanel } from '../panels/SegmentFilterPanel';
import { TriggerPanel } from '../panels/TriggerPanel';
import { WaitPanel } from '../panels/WaitPanel';
import { WebhookPanel } from '../panels/WebhookPanel';
import { FlowNodeCard } from './FlowNodeCard';

export interface NodeRegistryEntry<Type extends NodeType> {
  type: Type;
  title: string;
  icon: string;
  /** What the palette says about it. */
  description: string;
  component: ComponentType<never>;
  Panel: ComponentType<PanelProps<Type>>;
  defaultData: () => NodeDataByType[Type];
  summary(data: NodeDataByType[Type]): string;
  handleLabel(handle: string, data: NodeDataByType[Type]): string;
}

const RISK_SYMBOL = { gte: '≥', gt: '>', lte: '≤', lt: '<' } as const;
const plainHandle = (handle: string) => (handle === 'next' ? 'next' : handle);

function entry<Type extends NodeType>(type: Type, parts: Omit<NodeRegistryEntry<Type>, 'type' | 'title' | 'component' | 'defaultData' | 'handleLabel'> & Partial<Pick<NodeRegistryEntry<Type>, 'handleLabel'>>): NodeRegistryEntry<Type> {
  const title = nodeTypeDefinitions[type].title;
  return {
    type,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    component: FlowNodeCard as ComponentType<never>,
    defaultData: () => defaultNodeData(type),
    handleLabel: plainHandle,
    ...parts,
  };
}

export const nodeRegistry: { [Type in NodeType]: NodeRegistryEntry<Type> } = {
  trigger: entry('trigger', {
    icon: '▶',
    description: 'What starts the journey',
    Panel: TriggerPanel,
    summary: (data) => {
      switch (data.source.kind) {
        case 'segment-entered':
          return data.source.segmentId ? `enters segment ${data.source.segmentId}` : 'enters a segment';
        case 'event':
          return `event “${data.source.eventName}”`;
        case 'schedule':
          return `on schedule ${data.source.cron}`;
        case 'manual':
          return 'enrolled by hand or API';
      }
    },
  }),
  segmentFilter: entry('segmentFilter', {
    icon: '◇',
    description: 'Split on a condition over customer facts',
    Panel: SegmentFilterPanel,
    summary: (data) => {
      const rules = 'all' in data.condition ? data.condition.all.length : 'any' in data.condition ? data.condition.any.length : 1;
      return `${rules} ${rules === 1 ? 'rule' : 'rules'}`;
    },
  }),
  riskThreshold: entry('riskThreshold', {
    icon: '⚠',
    description: 'Split on the churn risk score',
    Panel: RiskThresholdPanel,
    summary: (data) => `churn risk ${RISK_SYMBOL[data.operator] ?? data.operator} ${data.threshold}`,
    handleLabel: (handle) => (handle === 'above' ? 'passes' : 'else'),
  }),
  abSplit: entry('abSplit', {
    icon: '⇉',
    description: 'Send customers down arms by weight',
    Panel: AbSplitPanel,
    summary: (data) => data.variants.map((v) => `${v.label || v.id} ${v.weight} %`).join(' · '),
    handleLabel: (handle, data) => {
      const variant = data.variants.find((v) => v.id === handle);
      return variant ? `${variant.id}${variant.label && variant.label !== variant.id ? ` · ${variant.label}` : ''}` : handle;
    },
  }),
  wait: entry('wait', {
    icon: '◷',
    description: 'Wait for a time, or for an event',
    Panel: WaitPanel,
    summary: (data) => (data.mode === 'duration' ? `wait ${safeDuration(data.duration)}` : `until “${data.eventName}”, at most ${safeDuration(data.timeout)}`),
  }),
  email: entry('email', {
    icon: '✉',
    description: 'Send an email',
    Panel: EmailPanel,
    summary: (data) => (data.content.source === 'inline' ? data.content.subject : `template ${data.content.templateId}`),
  }),
  offer: entry('offer', {
    icon: '%',
    description: 'Give a unique coupon code',
    Panel: OfferPanel,
    summary: (data) =>
      data.kind === 'percent' ? `${data.value} % off` : data.kind === 'fixed' ? `${data.value} ${data.currency ?? ''} off` : data.kind === 'points' ? `${data.value} points` : 'free shipping',
  }),
  webhook: entry('webhook', {
    icon: '⇄',
    description: 'Call another system',
    Panel: WebhookPanel,
    summary: (data) => `${data.method} ${data.url}`,
  }),
  goal: entry('goal', {
    icon: '★',
    description: 'Success: an event within a window',
    Panel: GoalPanel,
    summary: (data) => `“${data.eventName}” within ${safeDuration(data.within)}`,
  }),
  exit: entry('exit', {
    icon: '■',
    description: 'The journey ends here',
    Panel: ExitPanel,
    summary: (data) => data.reason ?? 'end',
  }),
};

function safeDuration(duration: { amount: number; unit: string } | undefined): string {
  return duration && Number.isFinite(duration.amount) ? formatDuration(duration as never) : '…';
}

/** React Flow's nodeTypes, built from the registry (stable: defined once). */
export const reactFlowNodeTypes: NodeTypes = Object.fromEntries(NODE_TYPES.map((type) => [type, nodeRegistry[type].component as NodeTypes[string]]));

export const paletteEntries = NODE_TYPES.map((type) => nodeRegistry[type]);
