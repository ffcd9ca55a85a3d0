import type { ComponentType } from 'react';
import type { FlowNode, FlowProblem } from '@retain/rules';
import { nodeRegistry } from '../nodes/node-registry';
import type { PanelProps } from '../panels/panel-props';
import { useEditorStore } from './editor-store';

/** The configuration form of the selected node, with that node's problems above it. */
export function NodePanel({ node, problems }: { node: FlowNode; problems: FlowProblem[] }) {
  const readOnly = useEditorStore((state) => state.readOnly);
  const updateNodeData = useEditorStore((state) => state.updateNodeData);
  const entry = nodeRegistry[node.type];
  const Panel = entry.Panel as ComponentType<PanelProps<FlowNode['type']>>;
  return (
    <section className="node-panel" aria-labelledby="node-panel-title">
      <h2 id="node-panel-title">
        <span aria-hidden="true">{entry.icon}</span> {entry.title} <small className="muted">({node.id})</small>
      </h2>
      {problems.length > 0 && (
        <ul className="node-problems" aria-label="Problems of this step">
          {problems.map((problem, index) => (
            <li key={index}>{problem.message}</li>
          ))}
        </ul>
      )}
      <form className="panel-form" onSubmit={(e) => e.preventDefault()} aria-label={`${entry.title} settings`}>
        <Panel key={node.id} nodeId={node.id} data={node.data} disabled={readOnly} onChange={(data) => updateNodeData(node.id, data)} />
      </form>
    </section>
  );
}
