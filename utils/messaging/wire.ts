import type { MessageType, ProtocolMap } from './protocol';

/*
 * The protocol's wire format and its sending side, free of any `browser` import: the background,
 * the extension's pages and the scripts on web pages each bind it to their own runtime (see
 * `protocol.ts` and `page-api.ts`).
 */

export type Payload<K extends MessageType> = Parameters<ProtocolMap[K]>[0];
export type Reply<K extends MessageType> = ReturnType<ProtocolMap[K]>;

/** The envelope on the wire. A reply is `{ ok: true, value }` or `{ ok: false, error }`. */
export interface Envelope {
  trailmark: 1;
  type: string;
  data: unknown;
}
export type WireReply = { ok: true; value: unknown } | { ok: false; error: string };

/** What sending needs of a runtime: a promise-based `sendMessage`. */
export interface SendingRuntime {
  sendMessage(message: unknown): Promise<unknown>;
}

/**
 * A typed `sendMessage` over the runtime `runtime()` returns at each call: it resolves with the
 * handler's answer and rejects when the handler failed or nobody answered.
 */
export function typedSender(runtime: () => SendingRuntime) {
  return async function sendMessage<K extends MessageType>(
    type: K,
    ...[data]: Payload<K> extends undefined ? [] : [Payload<K>]
  ): Promise<Reply<K>> {
    const envelope: Envelope = { trailmark: 1, type, data };
    const reply = (await runtime().sendMessage(envelope)) as WireReply | undefined;
    if (!reply) throw new Error(`No answer to ${type}`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value as Reply<K>;
  };
}
