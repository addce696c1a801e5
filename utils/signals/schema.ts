import { z } from 'zod';

import { SIGNAL_LIMITS } from './limits';

const short = z.string().max(SIGNAL_LIMITS.short);
const list = z.array(short).max(SIGNAL_LIMITS.list);

/** What the content script reads from a page. It goes to the background and nowhere else. */
export const PageSignalsSchema = z.object({
  url: z.string().max(4096),
  lang: z.string().max(35),
  title: short,
  description: short,
  keywords: list,
  ogTitle: short,
  ogDescription: short,
  h1: list,
  h2: list,
  h3: list,
  text: z.string().max(SIGNAL_LIMITS.text),
});
export type PageSignals = z.infer<typeof PageSignalsSchema>;
