import { z } from 'zod';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const emailContentSchema = z
  .discriminatedUnion('source', [
    z.object({
      source: z.literal('template'),
      templateId: z.string().min(1, { error: 'needs a template' }).describe('A saved email template'),
      subject: z.string().optional().describe('Overrides the template subject (Liquid)'),
    }),
    z.object({
      source: z.literal('inline'),
      subject: z.string().min(1, { error: 'needs a subject' }).describe('Subject line (Liquid, e.g. "We miss you, {{ customer.firstName }}")'),
      body: z.string().min(1, { error: 'needs a body' }).describe('HTML body (Liquid)'),
    }),
  ])
  .describe('A saved template, or a subject and body written here');

export const emailNodeDataSchema = z.object({
  label: nodeLabelSchema,
  content: emailContentSchema,
  from: z
    .object({
      name: z.string().optional().describe('Sender name'),
      email: z.email({ error: 'must be an email address' }).describe('Sender address'),
    })
    .describe('Who the email comes from'),
});

export type EmailContent = z.infer<typeof emailContentSchema>;
export type EmailNodeData = z.infer<typeof emailNodeDataSchema>;

export const emailNodeSchema = nodeSchemaOf('email', emailNodeDataSchema);

export const emailNode: NodeTypeDefinition<'email', EmailNodeData> = {
  type: 'email',
  title: 'email',
  dataSchema: emailNodeDataSchema,
  handles: () => ['next'],
  defaultData: () => ({
    content: { source: 'inline', subject: 'We miss you, {{ customer.firstName }}', body: '<p>Hi {{ customer.firstName }}, it has been a while.</p>' },
    from: { name: 'Retain', email: 'hello@example.com' },
  }),
};
