import { z } from 'zod';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export const webhookNodeDataSchema = z.object({
  label: nodeLabelSchema,
  url: z.string().refine(isHttpUrl, { error: 'must be a web address starting with https:// or http://' }).describe('Where to send the request (HubSpot, Braze, Mailchimp or any system)'),
  method: z.enum(WEBHOOK_METHODS, { error: 'must be GET, POST, PUT, PATCH or DELETE' }).describe('HTTP method'),
  headers: z.record(z.string(), z.string()).describe('HTTP headers to send'),
  bodyTemplate: z.string().optional().describe('Request body (Liquid), e.g. {"email": "{{ customer.email }}"}'),
});

export type WebhookNodeData = z.infer<typeof webhookNodeDataSchema>;

export const webhookNodeSchema = nodeSchemaOf('webhook', webhookNodeDataSchema);

export const webhookNode: NodeTypeDefinition<'webhook', WebhookNodeData> = {
  type: 'webhook',
  title: 'webhook',
  dataSchema: webhookNodeDataSchema,
  handles: () => ['next'],
  defaultData: () => ({
    url: 'https://example.com/hooks/retain',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    bodyTemplate: '{"customerId": "{{ customer.id }}"}',
  }),
};
