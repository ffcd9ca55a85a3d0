import { z } from 'zod';

const name = z.string().trim().min(1, 'a template needs a name').max(120, 'a template name must be at most 120 characters').describe('Unique among templates');
const subject = z.string().min(1, 'a template needs a subject').max(500, 'a subject must be at most 500 characters').describe('Subject line (Liquid)');
const body = z.string().min(1, 'a template needs a body').max(500_000, 'a body must be at most 500,000 characters').describe('HTML body (Liquid)');

export const saveTemplateBody = z.strictObject({ name, subject, body });
export type SaveTemplateInput = z.infer<typeof saveTemplateBody>;

export const templateIdParam = z.coerce.number({ error: 'must be a template id' }).int('must be a template id').positive('must be a template id').max(2_147_483_647, 'must be a template id');

const customerId = z.number({ error: 'needs the id of a customer to preview for' }).int().positive().describe('Whose data fills the template');

export const previewBody = z.union([
  z.strictObject({ customerId, subject: z.string().max(500), body: z.string().max(500_000) }),
  z.strictObject({ customerId, templateId: z.union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/)]).describe('A saved template') }),
]);
export type PreviewInput = z.infer<typeof previewBody>;
