// @retain/rules: the flow schema, its validation, conditions, A/B assignment and the step function
// (pure, no I/O). This is the package's one public entry point; nothing imports its internals.

// Flow JSON schema and node types
export {
  FLOW_SCHEMA_VERSION,
  flowDefinitionSchema,
  flowNodeSchema,
  flowEdgeSchema,
  parseFlowDefinition,
} from './flow/flow-schema';
export type { FlowDefinition, FlowNode, FlowEdge, NodeType, FlowNodeOf, NodeDataByType } from './flow/flow-schema';
export { NODE_TYPES, nodeTypeDefinitions, isNodeType, outgoingHandles, defaultNodeData, isTerminalNodeType } from './flow/node-registry';
export type { NodeTypeDefinition } from './flow/node-base';
export { DURATION_UNITS, durationSchema, durationToMs, isDurationInRange, formatDuration, MAX_DURATION_MS } from './flow/duration';
export type { Duration, DurationUnit } from './flow/duration';
export { triggerNode, triggerNodeDataSchema, triggerSourceSchema, reEntryPolicySchema, holdoutPercentSchema, DEFAULT_HOLDOUT_PERCENT, MAX_HOLDOUT_PERCENT } from './flow/nodes/trigger';
export type { TriggerNodeData, TriggerSource, ReEntryPolicy } from './flow/nodes/trigger';
export { segmentFilterNode, segmentFilterNodeDataSchema } from './flow/nodes/segmentFilter';
export type { SegmentFilterNodeData } from './flow/nodes/segmentFilter';
export { riskThresholdNode, riskThresholdNodeDataSchema, CHURN_MODEL_ID, RISK_OPERATORS, passesRiskThreshold } from './flow/nodes/riskThreshold';
export type { RiskThresholdNodeData, RiskOperator } from './flow/nodes/riskThreshold';
export { abSplitNode, abSplitNodeDataSchema, abVariantSchema, MAX_AB_VARIANTS } from './flow/nodes/abSplit';
export type { AbSplitNodeData, AbVariant } from './flow/nodes/abSplit';
export { waitNode, waitNodeDataSchema } from './flow/nodes/wait';
export type { WaitNodeData } from './flow/nodes/wait';
export { emailNode, emailNodeDataSchema, emailContentSchema } from './flow/nodes/email';
export type { EmailNodeData, EmailContent } from './flow/nodes/email';
export { offerNode, offerNodeDataSchema, OFFER_KINDS } from './flow/nodes/offer';
export type { OfferNodeData, OfferKind } from './flow/nodes/offer';
export { webhookNode, webhookNodeDataSchema, WEBHOOK_METHODS } from './flow/nodes/webhook';
export type { WebhookNodeData } from './flow/nodes/webhook';
export { goalNode, goalNodeDataSchema } from './flow/nodes/goal';
export type { GoalNodeData } from './flow/nodes/goal';
export { exitNode, exitNodeDataSchema } from './flow/nodes/exit';
export type { ExitNodeData } from './flow/nodes/exit';
export { exampleRetentionFlow } from './flow/example-retention-flow';

// Validation
export { validateFlow, validateFlowStructure } from './validation/validate-flow';
export type { FlowProblem, FlowProblemCode, FlowReferenceResolver } from './validation/flow-problem';

// Conditions
export type { Condition, RootCondition, BooleanCondition, AllCondition, AnyCondition, NotCondition, FactCondition, Facts } from './conditions/condition-types';
export { createOperators, OPERATOR_NAMES, DECORATORS } from './conditions/operators';
export type { OperatorDefinition, OperatorContext, OperatorValueKind, DecoratorDefinition } from './conditions/operators';
export { validateCondition } from './conditions/validate-condition';
export type { ConditionProblem, ConditionProblemCode } from './conditions/validate-condition';
export { compileCondition } from './conditions/compile-condition';
export type { CompiledCondition } from './conditions/compile-condition';
export { createRulesEngine, createEngineEvaluator, evaluateConditionWithEngine } from './conditions/engine-evaluator';
export type { EngineConditionEvaluator } from './conditions/engine-evaluator';
export { InvalidConditionError } from './conditions/invalid-condition-error';
export { isSupportedFactPath } from './conditions/fact-path';

// A/B assignment
export { assignVariant, assignmentPoint, assignmentHashInput } from './ab/assign-variant';
export type { WeightedVariant } from './ab/assign-variant';
export { murmur3 } from './ab/murmur3';
export { isInHoldout, isInGlobalControl, holdoutKey, GLOBAL_CONTROL_KEY } from './ab/holdout';

// Step function
export { step } from './step/step';
export { StepError } from './step/step-types';
export type { StepResult, StepAction, StepContext, StepErrorCode, CustomerFacts } from './step/step-types';
