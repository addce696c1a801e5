/**
 * Caps on page signals: they keep a hostile page from sending megabytes through the message
 * channel. Kept apart from the zod schema so the content script does not bundle zod.
 */
export const SIGNAL_LIMITS = { short: 500, list: 30, text: 4000 } as const;
