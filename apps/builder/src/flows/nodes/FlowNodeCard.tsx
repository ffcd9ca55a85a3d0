import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { type FlowNode } from '@retain/rules';
import { safeHandles, type EditorNode } from '../editor/flow-definition';
import { useNodeOverlay } from './canvas-overlay';
import { nodeRegistry } from './node-registry';

/**
 * What the card shows depends on these props only (and its overlay, which it subscribes to): React
 * Flow's other props change when a node is measured or moved, which changes nothing on the card.
 */
function sameCard(before: NodeProps<EditorNode>, after: NodeProps<EditorNode>): boolean {
  return before.id === after.id && before.type === after.type && before.data === after.data && before.selected === after.selected;
}

/**
 * Every node on the canvas: icon, name, a one-line summary from the registry, labelled outputs,
 * a badge when it has problems, and simulated or live counts. No evaluation happens here.
 */
export const FlowNodeCard = memo(function FlowNodeCard({ id, type, data, selected }: NodeProps<EditorNode>) {
  const node = { id, type, data } as FlowNode;
  const entry = nodeRegistry[node.type];
  const { problems, simulated, live: liveCounts } = useNodeOverlay(id);
  const handles = safeHandles(node);
  const name = node.data.label || entry.title;
  return (
    <div
      className={`flow-node flow-node-${node.type}${selected ? ' selected' : ''}${problems.length ? ' has-problems' : ''}`}
      data-testid={`node-${id}`}
      aria-label={`${entry.title}: ${name}`}
    >
      {node.type !== 'trigger' && <Handle type="target" position={Position.Top} id="in" data-testid={`handle-${id}-in`} aria-label={`Input of ${name}`} />}
      <div className="flow-node-head">
        <span className="flow-node-icon" aria-hidden="true">
          {entry.icon}
        </span>
        <span className="flow-node-title">{name}</span>
        {problems.length > 0 && (
          <span className="problem-badge" title={problems.map((p) => p.message).join('\n')} data-testid={`problems-${id}`}>
            {problems.length} {problems.length === 1 ? 'problem' : 'problems'}
          </span>
        )}
      </div>
      <div className="flow-node-kind">{entry.title}</div>
      <div className="flow-node-summary">{entry.summary(node.data as never)}</div>
      {simulated && (
        <div className="flow-node-counts" data-testid={`reach-${id}`}>
          reach {simulated.reached.toLocaleString()}
          {simulated.waiting > 0 && ` · waiting ${simulated.waiting.toLocaleString()}`}
          {simulated.performed > 0 && ` · would send ${simulated.performed.toLocaleString()}`}
        </div>
      )}
      {liveCounts && (
        <div className="flow-node-counts live" data-testid={`live-${id}`}>
          entered {liveCounts.entered} · waiting {liveCounts.waiting} · finished {liveCounts.completed + liveCounts.exited} · sent {liveCounts.sent}
        </div>
      )}
      {handles.length > 0 && (
        <div className="flow-node-outputs">
          {handles.map((handle, index) => (
            <div key={handle} className="flow-node-output" style={{ left: `${((index + 1) * 100) / (handles.length + 1)}%` }}>
              <span className="handle-label">{entry.handleLabel(handle, node.data as never)}</span>
              <Handle
                type="source"
                position={Position.Bottom}
                id={handle}
                data-testid={`handle-${id}-${handle}`}
                aria-label={`Output “${entry.handleLabel(handle, node.data as never)}” of ${name}`}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}, sameCard);
