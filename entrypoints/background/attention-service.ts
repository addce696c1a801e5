import { decideTip, type TipDecision } from '@/utils/attention/budget';
import {
  activeSnoozes,
  addSnooze,
  feedbackForSite,
  keepFirst,
  recordDismissed,
  recordShown,
  recordVerdict,
  resumeSnooze,
  withdrawVerdict,
  without,
} from '@/utils/attention/log';
import {
  EMPTY_TIP_LOG,
  KEEP,
  NO_SNOOZES,
  type KeptResource,
  type SiteFeedback,
  type SnoozeKind,
  type Verdict,
} from '@/utils/attention/model';
import type { ClearRequest, ResumeRequest } from '@/utils/attention/schema';
import type { CopyVariant } from '@/utils/copy/variant';
import type { SettingsInForce } from '@/utils/settings/in-force';
import { feedbackItem, historyItem, quietModeItem, savedItem, snoozesItem, tipLogItem } from '@/utils/settings/items';

/**
 * The attention budget's state, kept in `storage.local` on this device and changed one step at a
 * time: two messages arriving together must not read the same state and overwrite each other.
 * The decisions themselves are the pure functions in utils/attention.
 */
export function createAttentionService(options: {
  /** The attention settings in force (the settings service's), caps included. */
  settings: () => Promise<SettingsInForce['attention']>;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const state = async () => {
    const [attention, snoozes, log, feedback] = await Promise.all([
      options.settings(),
      snoozesItem.getValue(),
      tipLogItem.getValue(),
      feedbackItem.getValue(),
    ]);
    const { tipsPerDay, repeatAfterDays, quiet, caps } = attention;
    return { settings: { tipsPerDay, repeatAfterDays, quiet }, caps, snoozes, log, feedback };
  };
  const decide = async (site: string, candidates: readonly string[]): Promise<TipDecision> =>
    decideTip({ now: now(), site, candidates, ...(await state()) });

  return {
    /** The employee's feedback for one site, for the ranking. */
    feedbackFor: async (site: string): Promise<SiteFeedback> => feedbackForSite(await feedbackItem.getValue(), site),

    /** Whether an unprompted tip may show now, and with which resources. Changes nothing. */
    decide,

    /**
     * Decides again and, when the tip may show, counts it against the budget. `variant`: the copy
     * variant the tip shows, kept with the tip log until analytics counts it.
     */
    claim: (site: string, candidates: readonly string[], variant?: CopyVariant) =>
      serial(async () => {
        const current = await state();
        const at = now();
        const decision = decideTip({ now: at, site, candidates, ...current });
        if (decision.show) {
          await tipLogItem.setValue(
            recordShown(current.log, { site, ids: decision.cards, ...(variant ? { variant } : {}) }, at, current.settings.repeatAfterDays),
          );
        }
        return decision;
      }),

    dismiss: (site: string, ids: readonly string[]) =>
      serial(async () => tipLogItem.setValue(recordDismissed(await tipLogItem.getValue(), { site, ids }, now()))),

    snooze: (kind: SnoozeKind | 'quiet', site?: string) =>
      serial(async () => {
        if (kind === 'quiet') return quietModeItem.setValue(true);
        return snoozesItem.setValue(addSnooze(await snoozesItem.getValue(), kind, now(), site));
      }),

    resume: (scope: ResumeRequest) => serial(async () => snoozesItem.setValue(resumeSnooze(await snoozesItem.getValue(), scope, now()))),

    /** Snoozes that are still running. */
    snoozes: async () => activeSnoozes(await snoozesItem.getValue(), now()),

    verdict: (site: string, id: string, verdict: Verdict | null) =>
      serial(async () => {
        const feedback = await feedbackItem.getValue();
        return feedbackItem.setValue(
          verdict ? recordVerdict(feedback, { site, id, verdict }, now()) : withdrawVerdict(feedback, { site, id }),
        );
      }),

    save: (resource: Omit<KeptResource, 'at'> | undefined, id: string, saved: boolean) =>
      serial(async () => {
        const list = await savedItem.getValue();
        if (!saved) return savedItem.setValue(without(list, id));
        if (!resource) throw new Error('This resource is no longer in the catalogue');
        return savedItem.setValue(keepFirst(list, resource, now(), KEEP.saved));
      }),

    opened: (resource: Omit<KeptResource, 'at'>) =>
      serial(async () => historyItem.setValue(keepFirst(await historyItem.getValue(), resource, now(), KEEP.history))),

    savedIds: async () => (await savedItem.getValue()).map((r) => r.id),

    /** Forgets saved resources, the history, or everything the employee's actions left behind. */
    clear: (what: ClearRequest) =>
      serial(async () => {
        if (what === 'saved' || what === 'all') await savedItem.setValue([]);
        if (what === 'history' || what === 'all') await historyItem.setValue([]);
        if (what === 'all') {
          await Promise.all([feedbackItem.setValue([]), tipLogItem.setValue(EMPTY_TIP_LOG), snoozesItem.setValue(NO_SNOOZES)]);
        }
      }),
  };
}
export type AttentionService = ReturnType<typeof createAttentionService>;
