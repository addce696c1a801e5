import { useI18n } from './i18n';
import type { Explanation } from '@/utils/rules/explain';
import { describeExplanation } from '@/utils/rules/explain-words';

/** Why Trailmark does or does not read a page: the verdict, then one line per matching rule. Text only. */
export function ExplanationView({ explanation }: { explanation: Explanation }) {
  const { t } = useI18n();
  const { verdict, rules } = describeExplanation(explanation, t);
  return (
    <div className="tm-explanation" data-testid="explanation" data-action={explanation.action}>
      <p>
        <strong>{verdict}</strong>
      </p>
      {rules.length > 0 && (
        <ul>
          {rules.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
