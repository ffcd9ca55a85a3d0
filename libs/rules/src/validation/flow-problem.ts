/** Stable codes of the problems validateFlow reports (the API and the builder key on them). */
export type FlowProblemCode =
  | 'INVALID_FLOW'
  | 'SCHEMA_VERSION'
  | 'INVALID_NODE'
  | 'UNKNOWN_NODE_TYPE'
  | 'DUPLICATE_NODE_ID'
  | 'INVALID_NODE_DATA'
  | 'INVALID_EDGE'
  | 'DUPLICATE_EDGE_ID'
  | 'TRIGGER_COUNT'
  | 'EDGE_MISSING_NODE'
  | 'EDGE_INTO_TRIGGER'
  | 'UNKNOWN_HANDLE'
  | 'UNCONNECTED_OUTPUT'
  | 'MULTIPLE_CONNECTIONS'
  | 'UNREACHABLE_NODE'
  | 'CYCLE_WITHOUT_WAIT'
  | 'AB_WEIGHTS'
  | 'AB_VARIANT_COUNT'
  | 'AB_DUPLICATE_VARIANT'
  | 'AB_UNKNOWN_CONTROL'
  | 'WAIT_RANGE'
  | 'GOAL_WINDOW_RANGE'
  | 'THRESHOLD_RANGE'
  | 'OFFER_VALUE'
  | 'INVALID_CONDITION'
  | 'EMPTY_CONDITION'
  | 'UNKNOWN_SEGMENT'
  | 'UNKNOWN_TEMPLATE'
  | 'UNKNOWN_MODEL';

export interface FlowProblem {
  nodeId?: string;
  edgeId?: string;
  code: FlowProblemCode;
  /** One sentence a marketer understands. */
  message: string;
}

/**
 * Answers whether referenced things exist. Each method may answer synchronously or with a promise
 * (the engine asks PostgreSQL; tests and the builder can answer from memory), so validateFlow is
 * async. A method that throws or rejects makes validateFlow reject: a failed lookup is not a
 * verdict on the flow.
 */
export interface FlowReferenceResolver {
  segmentExists(segmentId: string): boolean | Promise<boolean>;
  templateExists(templateId: string): boolean | Promise<boolean>;
  /** Also asked for "churn", the active churn model. */
  modelExists(modelId: string): boolean | Promise<boolean>;
}
