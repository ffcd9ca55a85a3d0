import { z } from 'zod';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

/** The model id that means "the active churn model". */
export const CHURN_MODEL_ID = 'churn';

export const RISK_OPERATORS = ['gte', 'gt', 'lte', 'lt'] as const;
export type RiskOperator = (typeof RISK_OPERATORS)[number];

export const riskThresholdNodeDataSchema = z.object({
  label: nodeLabelSchema,
  modelId: z.string().min(1, { error: 'needs a model' }).describe('The scoring model; "churn" is the active churn model'),
  operator: z.enum(RISK_OPERATORS, { error: 'must be gte, gt, lte or lt' }).describe('How the score is compared with the threshold'),
  // [0, 1] is checked by validateFlow (THRESHOLD_RANGE) so the message can name the node
  threshold: z.number({ error: 'must be a number' }).describe('Score threshold between 0 and 1'),
});

export type RiskThresholdNodeData = z.infer<typeof riskThresholdNodeDataSchema>;

export const riskThresholdNodeSchema = nodeSchemaOf('riskThreshold', riskThresholdNodeDataSchema);

/**
 * Handles: `above` when the score passes the comparison (e.g. score ≥ 0.6), `below` otherwise,
 * including when the customer has no score yet.
 */
export const riskThresholdNode: NodeTypeDefinition<'riskThreshold', RiskThresholdNodeData> = {
  type: 'riskThreshold',
  title: 'risk check',
  dataSchema: riskThresholdNodeDataSchema,
  handles: () => ['above', 'below'],
  defaultData: () => ({ modelId: CHURN_MODEL_ID, operator: 'gte', threshold: 0.7 }),
};

export function passesRiskThreshold(score: number, operator: RiskOperator, threshold: number): boolean {
  switch (operator) {
    case 'gte':
      return score >= threshold;
    case 'gt':
      return score > threshold;
    case 'lte':
      return score <= threshold;
    case 'lt':
      return score < threshold;
  }
}
