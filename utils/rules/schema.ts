import { z } from 'zod';
import { parsePattern } from './patterns';

const text = (max: number) => z.string().trim().min(1).max(max);
const list = (max: number) => z.array(text(100)).max(max);

/**
 * One pattern: a match pattern, a URL pattern or `/regular expression/`. A refused pattern carries
 * the fault as its message (an i18n key), so the options page and the CLI can say what is wrong.
 */
export const PatternSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parsePattern(value);
    if ('fault' in parsed) ctx.addIssue({ code: 'custom', message: `ruleFault_${parsed.fault}` });
  });

/** One site rule: where Trailmark may look (or must not), and what to favour there. */
export const SiteRuleSchema = z
  .object({
    id: text(100),
    name: text(200),
    patterns: z.array(PatternSchema).min(1).max(100),
    action: z.enum(['suggest', 'block']),
    skills: list(50).default([]),
    keywords: list(50).default([]),
    /** Roles or departments the rule is for; empty = everyone. */
    audience: list(50).default([]),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    // A block rule protects privacy, so it must hold for everyone.
    if (rule.action === 'block' && rule.audience.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['audience'], message: 'ruleFault_blockAudience' });
    }
  });
export type SiteRule = z.infer<typeof SiteRuleSchema>;
export type SiteRuleInput = z.input<typeof SiteRuleSchema>;

/** Most rules in one list. */
export const MAX_RULES = 10_000;

export const SiteRulesSchema = z
  .array(SiteRuleSchema)
  .max(MAX_RULES)
  .superRefine((rules, ctx) => {
    const seen = new Map<string, number>();
    rules.forEach((rule, i) => {
      const first = seen.get(rule.id);
      if (first === undefined) seen.set(rule.id, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'ruleFault_duplicateId', params: { first: first + 1 } });
    });
  });
