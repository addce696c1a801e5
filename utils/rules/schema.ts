import { z } from 'zod';
import { parseMatchPattern } from './match-pattern';

/** One site rule: where Trailmark may look (or must not), and what to favour there. */
export const SiteRuleSchema = z.object({
  id: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  patterns: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(2000)
        .refine((p) => !('fault' in parseMatchPattern(p)), 'is not a valid match pattern such as *://crm.example.com/*'),
    )
    .min(1)
    .max(100),
  action: z.enum(['suggest', 'block']),
  skills: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  keywords: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  enabled: z.boolean().default(true),
});
export type SiteRule = z.infer<typeof SiteRuleSchema>;
export type SiteRuleInput = z.input<typeof SiteRuleSchema>;

export const SiteRulesSchema = z.array(SiteRuleSchema).max(10_000);
