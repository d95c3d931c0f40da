/** A caller of the API: a key, and for officers and supervisors the person who acts. */
export interface Caller {
  key: string;
  officerId?: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent on every POST and DELETE, the same on every retry, so nothing is recorded twice. */
  idempotencyKey?: string;
  query?: Record<string, string | number | undefined>;
  /** The route with its ids left as names, for error reports (ids tell nothing, but are noise). */
  route: string;
}

/**
 * A refused request, described by what the problem+json says is stable (status, code, title).
 * `detail` and field messages are left out: they may quote what was sent.
 */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly route: string,
    readonly status: number,
    readonly code: string | undefined,
    readonly title: string | undefined,
  ) {
    super(
      `${method} ${route}: ${status === 0 ? 'no answer' : `HTTP ${status}`}` +
        (code ? ` ${code}` : '') +
        (title ? ` (${title})` : ''),
    );
    this.name = 'ApiError';
  }
}

export interface ClientStats {
  /** Every attempt sent, retries included. */
  requests: number;
  retries: number;
}

export interface ClientOptions {
  baseUrl: string;
  maxAttempts?: number;
  timeoutMs?: number;
}

const RETRYABLE_NETWORK =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|UND_ERR|socket|terminated|fetch failed|aborted|timeout/i;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ApiClient {
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  private readonly baseUrl: string;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;

  constructor({ baseUrl, maxAttempts = 7, timeoutMs = 30_000 }: ClientOptions) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.maxAttempts = maxAttempts;
    this.timeoutMs = timeoutMs;
  }

  get<T>(who: Caller, path: string, options: RequestOptions): Promise<T> {
    return this.request<T>('GET', who, path, options);
  }

  post<T>(who: Caller, path: string, options: RequestOptions): Promise<T> {
    return this.request<T>('POST', who, path, options);
  }

  put<T>(who: Caller, path: string, options: RequestOptions): Promise<T> {
    return this.request<T>('PUT', who, path, options);
  }

  delete<T>(who: Caller, path: string, options: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', who, path, options);
  }

  /**
   * Sends until there is a final answer: connection errors, timeouts, 5xx, 429 and a 409 the
   * server marks retryable are sent again with the same Idempotency-Key and body, after the
   * server's Retry-After or an exponential backoff with jitter.
   */
  async request<T>(method: string, who: Caller, path: string, options: RequestOptions): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${who.key}`,
      accept: 'application/json, application/problem+json',
    };
    if (who.officerId) headers['x-officer-id'] = who.officerId;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }

    for (let attempt = 1; ; attempt++) {
      this.stats.requests++;
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const reason = networkReason(error);
        if (attempt < this.maxAttempts && RETRYABLE_NETWORK.test(reason)) {
          await this.backoff(attempt, null);
          continue;
        }
        throw new ApiError(method, options.route, 0, reason, undefined);
      }
      const text = await response.text();
      const json = parse(text);
      if (response.ok) return json as T;
      if (attempt < this.maxAttempts && retryable(response, json)) {
        await this.backoff(attempt, response.headers.get('retry-after'));
        continue;
      }
      throw new ApiError(
        method,
        options.route,
        response.status,
        stringField(json, 'code'),
        stringField(json, 'title'),
      );
    }
  }

  private async backoff(attempt: number, retryAfter: string | null): Promise<void> {
    this.stats.retries++;
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    const base = Number.isFinite(seconds) ? seconds * 1000 : 200 * 2 ** (attempt - 1);
    // Jitter spreads the workers that were refused together, so they do not return together.
    await sleep(Math.min(base, 10_000) * (0.75 + Math.random() * 0.5));
  }
}

function retryable(response: Response, json: unknown): boolean {
  const { status } = response;
  if (status === 429 || status >= 500) return true;
  return (
    status === 409 &&
    (response.headers.has('retry-after') ||
      (typeof json === 'object' &&
        json !== null &&
        (json as { retryable?: unknown }).retryable === true))
  );
}

function parse(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function stringField(json: unknown, field: string): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const value = (json as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** fetch hides the socket's error behind "fetch failed"; its cause says which. */
function networkReason(error: unknown): string {
  const err = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (err?.name === 'TimeoutError') return 'timeout';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(error);
}
