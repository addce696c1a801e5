import type { z } from 'zod';
import type { MessageKey, Translate } from '../i18n';

/** Fields of a rule, as the messages name them. */
export const RULE_FIELDS = ['id', 'name', 'patterns', 'action', 'skills', 'keywords', 'audience', 'enabled'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** One thing wrong with a list of rules (or one rule), in terms a person can act on. */
export interface RuleProblem {
  /** 1-based position of the rule in the list; absent for a problem with the list itself. */
  rule?: number;
  ruleId?: string;
  field?: RuleField;
  /** 1-based position within a list field (the 2nd pattern). */
  item?: number;
  /** The value that was refused, when it is short text worth quoting. */
  value?: string;
  /** i18n key of the explanation. */
  key: MessageKey;
  /** For unknown fields: one of them is close to a real field, so the rule would not do what was meant. */
  misspelt?: boolean;
  params: (string | number)[];
}

const isField = (part: unknown): part is RuleField => RULE_FIELDS.includes(part as RuleField);

/**
 * Turns zod's issues for a rule list (or, with `single`, one rule) into plain problems: which rule,
 * which field, what is wrong. Zod's own messages are never shown.
 *
 * @example ruleProblems(SiteRulesSchema.safeParse(data).error!, data)[0]?.key // 'ruleFault_patternHost'
 */
export function ruleProblems(error: z.ZodError, data: unknown, single = false): RuleProblem[] {
  return error.issues.map((issue) => {
    const path = single ? [0, ...issue.path] : issue.path;
    const [index, field, item] = path;
    const rules = single ? [data] : Array.isArray(data) ? data : [];
    if (typeof index !== 'number') {
      return { key: issue.code === 'too_big' ? 'ruleListTooLong' : 'ruleListNotList', params: [] };
    }
    const raw = rules[index] as Record<string, unknown> | undefined;
    const ruleId = typeof raw?.id === 'string' && raw.id.trim() ? raw.id.trim().slice(0, 100) : undefined;
    const base = { ...(single ? {} : { rule: index + 1 }), ...(ruleId ? { ruleId } : {}) };
    if (!isField(field)) {
      return { ...base, key: raw === null || typeof raw !== 'object' || Array.isArray(raw) ? 'ruleNotObject' : 'ruleInvalid', params: [] };
    }
    const value = typeof item === 'number' ? (raw?.[field] as unknown[] | undefined)?.[item] : raw?.[field];
    const quoted = typeof value === 'string' && value.length <= 200 ? { value } : {};
    const at = { ...base, field, ...(typeof item === 'number' ? { item: item + 1 } : {}), ...quoted };
    if (issue.code === 'custom' && issue.message.startsWith('ruleFault_')) {
      const first = (issue as { params?: { first?: number } }).params?.first;
      return { ...at, key: issue.message as MessageKey, params: first === undefined ? [] : [first] };
    }
    if (value === undefined && typeof item !== 'number') return { ...at, key: 'ruleFieldMissing', params: [] };
    return { ...at, key: `ruleField_${field}` as MessageKey, params: [] };
  });
}

/**
 * One problem as a sentence: "Rule 2 (“crm”), pattern 1 “https://crm.*.com/*”: …".
 *
 * @example describeRuleProblem(problem, createTranslator('en'))
 */
export function describeRuleProblem(problem: RuleProblem, t: Translate): string {
  const where: string[] = [];
  if (problem.rule !== undefined) where.push(problem.ruleId ? t('ruleAtId', problem.rule, problem.ruleId) : t('ruleAt', problem.rule));
  if (problem.field) {
    const field = t(`ruleFieldName_${problem.field}` as MessageKey);
    where.push(problem.item !== undefined ? t('ruleFieldItem', field, problem.item) : field);
  }
  const explanation = t(problem.key, ...problem.params);
  const quoted = problem.value !== undefined && problem.key !== 'ruleFieldMissing' ? ` ${t('ruleFound', problem.value)}` : '';
  return where.length ? `${where.join(', ')}: ${explanation}${quoted}` : `${explanation}${quoted}`;
}

/** Edit distance up to 2 (enough to spot `keyword`, `audiences`, `Enabled`), or 3 when further. */
function closeTo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]! <= 2;
}

/** The known field a misspelt one most likely means (`Enabled` → `enabled`), if any. */
export function likelyField(name: string): RuleField | undefined {
  const lower = name.trim().toLowerCase();
  return RULE_FIELDS.find((field) => field === lower) ?? RULE_FIELDS.find((field) => closeTo(lower, field));
}

/**
 * Fields a rule file or policy has that no rule has: each would be dropped without a word, and a
 * misspelt `audiences` or `Enabled` changes what the rule does. One problem per rule, naming the
 * fields and, where one is close, the field it probably means.
 *
 * @example unknownRuleFields([{ id: 'a', Enabled: false }])[0]?.value // 'Enabled (enabled?)'
 */
export function unknownRuleFields(data: unknown): RuleProblem[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((raw: unknown, index) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
    const unknown = Object.keys(raw).filter((key) => !RULE_FIELDS.includes(key as RuleField));
    if (unknown.length === 0) return [];
    const id = (raw as { id?: unknown }).id;
    const named = unknown.slice(0, 10).map((key) => {
      const meant = likelyField(key);
      return meant ? `${key.slice(0, 50)} (${meant}?)` : key.slice(0, 50);
    });
    return [
      {
        rule: index + 1,
        ...(typeof id === 'string' && id.trim() ? { ruleId: id.trim().slice(0, 100) } : {}),
        key: 'ruleUnknownFields' as MessageKey,
        params: [named.join(', ')],
        ...(unknown.some((key) => likelyField(key)) ? { misspelt: true } : {}),
      },
    ];
  });
}
