import type { MessageKey, Translate } from '../i18n';
import type { ExplainedRule, Explanation } from './explain';
import type { PatternKind } from './specificity';

/* Explanations in plain words. Only types from the matcher, so the popup can use this without it. */

const KIND_KEYS: Record<PatternKind, MessageKey> = {
  match: 'patternKind_match',
  urlpattern: 'patternKind_urlpattern',
  regex: 'patternKind_regex',
};

/** "exact host crm.example.com, fixed path “/opportunities/”" */
export function describeSpecificity(rule: Pick<ExplainedRule, 'host' | 'fixedPath'>, t: Translate): string {
  const host =
    rule.host.type === 'exact'
      ? t('explainHostExact', rule.host.host)
      : rule.host.type === 'suffix'
        ? t('explainHostWildcard', `*.${rule.host.suffix}`)
        : t('explainHostAny');
  return rule.fixedPath && rule.fixedPath !== '/' ? `${host}, ${t('explainFixedPath', rule.fixedPath, rule.fixedPath.length)}` : host;
}

/**
 * The explanation in plain words: a verdict, then one sentence per matching rule.
 *
 * @example describeExplanation(explainUrl(compiled, url), createTranslator('nl')).verdict
 */
export function describeExplanation(explanation: Explanation, t: Translate): { verdict: string; rules: string[] } {
  const { winner } = explanation;
  const verdict = !explanation.valid
    ? t('explainNotAUrl', explanation.url)
    : !winner
      ? explanation.rules.length
        ? t('explainNoneInForce')
        : t('explainNone')
      : winner.action === 'block'
        ? t('explainBlocked', winner.name)
        : t('explainSuggest', winner.name);
  const rules = explanation.rules.map((rule) => {
    const head = t(rule.action === 'block' ? 'explainRuleBlock' : 'explainRuleSuggest', rule.name, t(KIND_KEYS[rule.kind]), rule.pattern);
    return `${head} ${reason(rule, explanation, t)}`;
  });
  return { verdict, rules };
}

function reason(rule: ExplainedRule, explanation: Explanation, t: Translate): string {
  const winner = explanation.winner;
  switch (rule.outcome) {
    case 'winner':
      return rule.action === 'block' ? t('explainWhyBlockWins') : t('explainWhyMostSpecific', describeSpecificity(rule, t));
    case 'overruledByBlock':
      return t('explainWhyOverruled', winner!.name);
    case 'alsoBlocks':
      return t('explainWhyAlsoBlocks');
    case 'tie':
      return t('explainWhyTie', winner!.name);
    case 'lessSpecific':
      return t(
        `explainFactor_${rule.factor!}` as MessageKey,
        winner!.name,
        describeSpecificity(rule, t),
        describeSpecificity(winner!, t),
        t(KIND_KEYS[rule.kind]),
        t(KIND_KEYS[winner!.kind]),
      );
    case 'disabled':
      return t('explainWhyDisabled');
    case 'audience':
      return explanation.audience.length
        ? t('explainWhyAudience', rule.audience.join(', '), explanation.audience.join(', '))
        : t('explainWhyAudienceNone', rule.audience.join(', '));
  }
}
