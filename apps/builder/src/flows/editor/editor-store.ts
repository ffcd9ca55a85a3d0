// The canvas's state in one store: nodes, edges, selection, clipboard and undo history.
// Every change to the journey goes through an action here, so undo, autosave and validation see
// all of them.
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange, type NodeDimensionChange, type XYPosition } from '@xyflow/react';
import { defaultNodeData, type FlowDefinition, type FlowNode, type NodeType } from '@retain/rules';
import { create } from 'zustand';
import { edgeIdFor, nextNodeId, pruneEdges, type EditorEdge, type EditorNode } from './flow-definition';

interface Snapshot {
  nodes: EditorNode[];
  edges: EditorEdge[];
}

const HISTORY_LIMIT = 100;
/** Typing in one field within this time is one undo step, not one per key. */
const COALESCE_MS = 800;

export interface EditorState {
  nodes: EditorNode[];
  edges: EditorEdge[];
  readOnly: boolean;
  past: Snapshot[];
  future: Snapshot[];
  clipboard: Snapshot | null;
  /** Grows with every change to the journey (not to selection): autosave watches it. */
  revision: number;
  lastEdit: { key: string; at: number } | null;
  /** The journey when the current drag started (one undo step per drag). */
  dragOrigin: Snapshot | null;

  /** Bumped by load(): validation re-runs on a freshly loaded journey too. */
  loadId: number;
  load(definition: FlowDefinition, readOnly: boolean): void;
  /** Replaces the whole journey as one undoable change (JSON import). */
  replaceDefinition(definition: FlowDefinition): void;
  setReadOnly(readOnly: boolean): void;
  addNode(type: NodeType, position: XYPosition): string;
  updateNodeData(id: string, data: FlowNode['data']): void;
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  connect(connection: Connection): void;
  select(nodeId: string | null): void;
  deleteSelection(): void;
  copySelection(): void;
  paste(): void;
  undo(): void;
  redo(): void;
  /** Lays the journey out top to bottom (dagre, loaded on first use: opening a journey does not need it). */
  autoLayout(): Promise<void>;
}

const snapshot = (state: Pick<EditorState, 'nodes' | 'edges'>): Snapshot => ({ nodes: state.nodes, edges: state.edges });

/** The one selected node (null when none or several are): a selector that keeps its identity while other nodes change. */
export function selectedNodeOf(state: Pick<EditorState, 'nodes'>): EditorNode | null {
  let selected: EditorNode | null = null;
  for (const node of state.nodes) {
    if (!node.selected) continue;
    if (selected) return null;
    selected = node;
  }
  return selected;
}

/**
 * React Flow's measurements of rendered nodes, written onto the node objects in place rather than
 * as a store update: React Flow already holds them, nothing the editor shows depends on them, and
 * a new node object each would render all the nodes again (once more for every node of a journey
 * that opens). They are kept so that a node copied later (selected, edited, moved) carries its
 * size along and is not measured, hidden, again; auto-layout reads them too.
 */
function keepMeasurements(nodes: readonly EditorNode[], changes: readonly NodeDimensionChange[]): void {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const change of changes) {
    const node = byId.get(change.id);
    if (node && change.dimensions) node.measured = { width: change.dimensions.width, height: change.dimensions.height };
  }
}

export const useEditorStore = create<EditorState>()((set, get) => {
  /** Applies a change to the journey, keeping the state before it for undo. */
  const change = (next: Partial<Snapshot>, editKey?: string) => {
    const state = get();
    if (state.readOnly) return;
    const now = Date.now();
    const coalesce = editKey !== undefined && state.lastEdit?.key === editKey && now - state.lastEdit.at < COALESCE_MS;
    set({
      ...next,
      past: coalesce ? state.past : [...state.past.slice(-HISTORY_LIMIT + 1), snapshot(state)],
      future: [],
      revision: state.revision + 1,
      lastEdit: editKey === undefined ? null : { key: editKey, at: now },
    });
  };

  return {
    nodes: [],
    edges: [],
    readOnly: false,
    past: [],
    future: [],
    clipboard: null,
    revision: 0,
    lastEdit: null,
    dragOrigin: null,
    loadId: 0,

    load(definition, readOnly) {
      set({
        loadId: get().loadId + 1, nodes: definition.nodes.map((node) => ({ ...node })), edges: definition.edges.map((edge) => ({ ...edge })), readOnly, past: [], future: [], revision: 0, lastEdit: null, dragOrigin: null });
    },

    replaceDefinition(definition) {
      change({ nodes: definition.nodes.map((node) => ({ ...node })), edges: definition.edges.map((edge) => ({ ...edge })) });
    },

    setReadOnly(readOnly) {
      set({ readOnly });
    },

    addNode(type, position) {
      const { nodes } = get();
      const id = nextNodeId(type, nodes.map((node) => node.id));
      const node = { id, type, data: defaultNodeData(type), position, selected: true } as EditorNode;
      change({ nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
      return id;
    },

    updateNodeData(id, data) {
      const { nodes, edges } = get();
      const next = nodes.map((node) => (node.id === id ? ({ ...node, data } as EditorNode) : node));
      change({ nodes: next, edges: pruneEdges(next, edges) }, `data:${id}`);
    },

    onNodesChange(changes) {
      const state = get();
      if (changes.every((c) => c.type === 'dimensions')) {
        keepMeasurements(state.nodes, changes as NodeDimensionChange[]);
        return;
      }
      // Selection and measuring are not edits; moving is one undo step when the drag ends.
      const edits = changes.filter((c) => c.type === 'remove' || (c.type === 'position' && !c.dragging) || c.type === 'add' || c.type === 'replace');
      const nodes = applyNodeChanges(state.readOnly ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions') : changes, state.nodes);
      if (!edits.length || state.readOnly) {
        const dragging = changes.some((c) => c.type === 'position' && c.dragging);
        set({ nodes, dragOrigin: dragging && !state.dragOrigin && !state.readOnly ? snapshot(state) : state.dragOrigin });
        return;
      }
      const before = state.dragOrigin ?? snapshot(state);
      set({
        dragOrigin: null,
        nodes,
        edges: pruneEdges(nodes, state.edges),
        past: [...state.past.slice(-HISTORY_LIMIT + 1), before],
        future: [],
        revision: state.revision + 1,
        lastEdit: null,
      });
    },

    onEdgesChange(changes) {
      const state = get();
      const allowed = state.readOnly ? changes.filter((c) => c.type === 'select') : changes;
      const edges = applyEdgeChanges(allowed, state.edges);
      if (allowed.some((c) => c.type === 'remove')) change({ edges });
      else set({ edges });
    },

    connect({ source, sourceHandle, target }) {
      if (!source || !target || !sourceHandle || source === target) return;
      const { edges } = get();
      // one connection per output: a new one replaces the old
      const kept = edges.filter((edge) => !(edge.source === source && edge.sourceHandle === sourceHandle));
      change({ edges: [...kept, { id: edgeIdFor(source, sourceHandle, target), source, sourceHandle, target }] });
    },

    select(nodeId) {
      set((state) => ({
        nodes: state.nodes.map((node) => (node.selected === (node.id === nodeId) ? node : { ...node, selected: node.id === nodeId })),
        edges: state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
      }));
    },

    deleteSelection() {
      const { nodes, edges } = get();
      const removed = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
      const keptEdges = edges.filter((edge) => !edge.selected && !removed.has(edge.source) && !removed.has(edge.target));
      if (!removed.size && keptEdges.length === edges.length) return;
      change({ nodes: nodes.filter((node) => !removed.has(node.id)), edges: keptEdges });
    },

    copySelection() {
      const { nodes, edges } = get();
      const picked = nodes.filter((node) => node.selected);
      const ids = new Set(picked.map((node) => node.id));
      if (!picked.length) return;
      set({ clipboard: { nodes: picked, edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)) } });
    },

    paste() {
      const { clipboard, nodes, edges } = get();
      if (!clipboard) return;
      const taken = nodes.map((node) => node.id);
      const renamed = new Map<string, string>();
      const pasted = clipboard.nodes.map((node) => {
        const id = nextNodeId(node.type, taken);
        taken.push(id);
        renamed.set(node.id, id);
        return { ...node, id, position: { x: node.position.x + 40, y: node.position.y + 40 }, selected: true } as EditorNode;
      });
      const pastedEdges = clipboard.edges.map((edge) => {
        const source = renamed.get(edge.source)!;
        const target = renamed.get(edge.target)!;
        return { id: edgeIdFor(source, edge.sourceHandle, target), source, sourceHandle: edge.sourceHandle, target };
      });
      change({ nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted], edges: [...edges, ...pastedEdges] });
      // pasting again puts the next copy further along
      set({ clipboard: { nodes: pasted.map((node) => ({ ...node, selected: false })), edges: pastedEdges } });
    },

    undo() {
      const state = get();
      const previous = state.past[state.past.length - 1];
      if (!previous || state.readOnly) return;
      set({ ...previous, past: state.past.slice(0, -1), future: [snapshot(state), ...state.future], revision: state.revision + 1, lastEdit: null });
    },

    redo() {
      const state = get();
      const next = state.future[0];
      if (!next || state.readOnly) return;
      set({ ...next, past: [...state.past, snapshot(state)], future: state.future.slice(1), revision: state.revision + 1, lastEdit: null });
    },

    async autoLayout() {
      const { layoutNodes } = await import('./auto-layout');
      const { nodes, edges } = get();
      change({ nodes: layoutNodes(nodes, edges) });
    },
  };
});
