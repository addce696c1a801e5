import { z } from 'zod';
import { SNOOZE_KINDS } from './model';

/**
 * Payloads of the attention messages, parsed in the background. A `site` in a payload is only
 * believed from extension pages; for content scripts the background takes the sender's own page.
 */

const resourceId = z.string().min(1).max(200);
/** A host name, as `siteOf` gives it. */
const site = z
  .string()
  .max(253)
  .regex(/^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/i, 'not a host name');

export const SnoozeRequestSchema = z.object({ kind: z.enum([...SNOOZE_KINDS, 'quiet']), site: site.optional() });
export const ResumeRequestSchema = z.union([z.object({ everywhere: z.literal(true) }), z.object({ site })]);
export const VerdictRequestSchema = z.object({
  id: resourceId,
  verdict: z.enum(['notRelevant', 'useful']).nullable(),
  site: site.optional(),
});
export const SaveRequestSchema = z.object({ id: resourceId, saved: z.boolean(), site: site.optional() });
export const OpenedRequestSchema = z.object({ id: resourceId, site: site.optional() });
export const DismissRequestSchema = z.array(resourceId).max(10);
export const ClearRequestSchema = z.enum(['saved', 'history', 'all']);

export type SnoozeRequest = z.infer<typeof SnoozeRequestSchema>;
export type ResumeRequest = z.infer<typeof ResumeRequestSchema>;
export type VerdictRequest = z.infer<typeof VerdictRequestSchema>;
export type SaveRequest = z.infer<typeof SaveRequestSchema>;
export type OpenedRequest = z.infer<typeof OpenedRequestSchema>;
export type ClearRequest = z.infer<typeof ClearRequestSchema>;
