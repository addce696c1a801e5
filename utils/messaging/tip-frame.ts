import { z } from 'zod';

/** What the tip's frame may tell its host (see `TipFrameEvent`): parsed, sizes bounded. */
export const TipFrameEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('size'), width: z.int().min(1).max(4000), height: z.int().min(1).max(4000) }),
  z.strictObject({ kind: z.literal('close'), hadFocus: z.boolean() }),
]);
