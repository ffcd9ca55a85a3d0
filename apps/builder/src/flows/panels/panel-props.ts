import type { NodeDataByType, NodeType } from '@retain/rules';

/** What every configuration panel gets: the node's data, a way to change it, and whether it may. */
export interface PanelProps<Type extends NodeType> {
  nodeId: string;
  data: NodeDataByType[Type];
  onChange(data: NodeDataByType[Type]): void;
  disabled: boolean;
}
