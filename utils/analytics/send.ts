import XAPI, { type Statement } from '@xapi/xapi';
import type { SendOutcome, Sender } from './outbox';
import { XAPI_VERSION } from './xapi';

/** The LRS as the policy names it: the xAPI endpoint and a write-only key and secret (HTTP Basic). */
export interface LrsConfig {
  endpoint: string;
  key: string;
  secret: string;
}

interface AdapterRequest {
  url: string;
  method: string;
  headers?: Record<string, string>;
  data?: unknown;
}
type AdapterFunction = Extract<ConstructorParameters<typeof XAPI>[0]['adapter'], (...args: never[]) => unknown>;

/** An LRS answer that was not 2xx. */
export class LrsHttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`LRS answered ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
  }
}

/**
 * `@xapi/xapi`'s own fetch adapter throws away the status; this one keeps it, so a 409 (already
 * stored) can be told from a 500 (try later). `credentials: 'omit'`: the Basic key is the only
 * credential, never the browser's cookies for the LRS's site.
 */
function fetchAdapter(fetchImpl: typeof fetch): AdapterFunction {
  return (async ({ url, method, headers, data }: AdapterRequest) => {
    const body = data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data);
    const response = await fetchImpl(url, { method, headers, body, credentials: 'omit', cache: 'no-store', redirect: 'error' });
    const text = await response.text();
    if (!response.ok) throw new LrsHttpError(response.status, text);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : text;
    } catch {
      // Not JSON (e.g. an empty 204): keep the text.
    }
    return { data: parsed, headers: Object.fromEntries(response.headers.entries()), status: response.status };
  }) as AdapterFunction;
}

/** An `@xapi/xapi` client for an LRS, speaking xAPI 1.0.3 with HTTP Basic. */
export function lrsClient(config: LrsConfig, fetchImpl: typeof fetch = fetch): XAPI {
  return new XAPI({
    endpoint: config.endpoint,
    auth: XAPI.toBasicAuth(config.key, config.secret),
    version: XAPI_VERSION,
    adapter: fetchAdapter(fetchImpl),
  });
}

/** The statuses that mean "the LRS has it": 409 is an id it already holds with other content, which a retry cannot fix. */
const isDelivered = (status: number) => status === 409;
/** The statuses that mean "this statement is wrong", which no retry fixes. */
const isMalformed = (status: number) => status === 400;

/**
 * Sends statements to the LRS: one POST of the batch; when the LRS refuses the batch for one
 * statement (400) or an id it holds (409), each statement is sent on its own, so the good ones
 * get through and the bad ones are dropped. Anything else (network, 401, 5xx) is a retry later.
 */
export function lrsSender(config: LrsConfig, fetchImpl: typeof fetch = fetch): Sender {
  const client = lrsClient(config, fetchImpl);
  return async (statements: Statement[]): Promise<SendOutcome> => {
    const ids = statements.map((s) => s.id!);
    try {
      await client.sendStatements({ statements });
      return { delivered: ids, rejected: [] };
    } catch (error) {
      if (!(error instanceof LrsHttpError) || !(isDelivered(error.status) || isMalformed(error.status))) return { retry: describe(error) };
    }
    const delivered: string[] = [];
    const rejected: string[] = [];
    for (const statement of statements) {
      try {
        await client.sendStatement({ statement });
        delivered.push(statement.id!);
      } catch (error) {
        if (error instanceof LrsHttpError && isDelivered(error.status)) delivered.push(statement.id!);
        else if (error instanceof LrsHttpError && isMalformed(error.status)) rejected.push(statement.id!);
        else return delivered.length || rejected.length ? { delivered, rejected } : { retry: describe(error) };
      }
    }
    return { delivered, rejected };
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
