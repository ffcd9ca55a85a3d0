import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Edge } from '@xyflow/react';
import { forwardRef, memo, useImperativeHandle, useMemo, useRef, type DragEvent } from 'react';
import { isNodeType, type NodeType } from '@retain/rules';
import { useSimulation } from '../nodes/canvas-overlay';
import { nodeRegistry, reactFlowNodeTypes } from '../nodes/node-registry';
import { useEditorStore } from './editor-store';
import type { EditorEdge, EditorNode } from './flow-definition';
import { DRAG_MIME } from './Palette';

export interface FlowCanvasHandle {
  /** Adds a node in the middle of what is in view (keyboard add from the palette). */
  addInView(type: NodeType): void;
  focusNode(nodeId: string): void;
  fitView(): void;
}

const NODE_CENTRE = { x: 110, y: 45 };
// Props of React Flow that never change, defined once: a new object on every render would be a
// change React Flow passes on to its store.
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1 };
const PRO_OPTIONS = { hideAttribution: true };

/**
 * Nodes are reached with Tab and selected with Enter; screen readers name the focused node by its
 * ariaLabel. One labelled copy per store node object, so unchanged nodes keep their identity and
 * React Flow does not re-render them.
 */
type LabelledNode = EditorNode & { ariaLabel: string };
const labelled = new WeakMap<EditorNode, LabelledNode>();
function withAriaLabel(node: EditorNode): LabelledNode {
  let copy = labelled.get(node);
  if (!copy) {
    const title = nodeRegistry[node.type].title;
    copy = { ...node, ariaLabel: `${title}: ${node.data.label || title} (${node.id})` };
    labelled.set(node, copy);
  }
  return copy;
}

/**
 * The React Flow canvas over the editor store; drops from the palette become nodes. It has no
 * props (memo): the page re-rendering (a new problem list, a save status) leaves it alone.
 */
export const FlowCanvas = memo(
  forwardRef<FlowCanvasHandle>(function FlowCanvas(_, ref) {
    const nodes = useEditorStore((state) => state.nodes);
    const edges = useEditorStore((state) => state.edges);
    const readOnly = useEditorStore((state) => state.readOnly);
    const { onNodesChange, onEdgesChange, connect, addNode, select } = useEditorStore.getState();
    const simulation = useSimulation();
    const flow = useReactFlow();
    const wrapper = useRef<HTMLDivElement>(null);

    useImperativeHandle(ref, () => ({
      addInView(type) {
        const box = wrapper.current?.getBoundingClientRect();
        const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
        const offset = (useEditorStore.getState().nodes.length % 5) * 24; // several adds in a row do not stack exactly
        addNode(type, { x: centre.x - NODE_CENTRE.x + offset, y: centre.y - NODE_CENTRE.y + offset });
      },
      focusNode(nodeId) {
        const node = useEditorStore.getState().nodes.find((n) => n.id === nodeId);
        if (!node) return;
        select(nodeId);
        flow.setCenter(node.position.x + NODE_CENTRE.x, node.position.y + NODE_CENTRE.y, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
      },
      fitView() {
        void flow.fitView({ padding: 0.2, duration: 300 });
      },
    }));

    const shownNodes = useMemo(() => nodes.map(withAriaLabel), [nodes]);
    const shownEdges = useMemo<Edge[]>(
      () =>
        edges.map((edge: EditorEdge) => {
          const count = simulation?.edges[edge.id];
          return count === undefined ? edge : { ...edge, label: count.toLocaleString(), labelShowBg: true, className: 'simulated' };
        }),
      [edges, simulation],
    );

    const onDrop = (event: DragEvent) => {
      event.preventDefault();
      const type = event.dataTransfer.getData(DRAG_MIME);
      if (readOnly || !isNodeType(type)) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addNode(type, { x: at.x - NODE_CENTRE.x, y: at.y - NODE_CENTRE.y });
    };

    return (
      <div
        className="flow-canvas"
        ref={wrapper}
        data-testid="flow-canvas"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = readOnly ? 'none' : 'move';
        }}
        onDrop={onDrop}
      >
        <ReactFlow
          nodes={shownNodes}
          edges={shownEdges}
          nodeTypes={reactFlowNodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange as never}
          onConnect={connect}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          edgesFocusable={!readOnly}
          deleteKeyCode={null}
          fitView
          fitViewOptions={FIT_VIEW_OPTIONS}
          minZoom={0.1}
          onlyRenderVisibleElements
          proOptions={PRO_OPTIONS}
        >
          <Background />
          <MiniMap pannable zoomable ariaLabel="Mini map of the journey" />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    );
  }),
);
