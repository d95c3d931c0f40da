/**
 * The console's only way out: same-origin requests to the public REST API, with the key typed
 * into the page and, for auditors, the purpose they gave (X-Purpose).
 */

export interface Credentials {
  apiKey: string;
  purpose?: string;
}

/** An answer other than 2xx, with the problem+json detail the API gives, or no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | undefined>;

interface Options {
  query?: Query;
  accept?: string;
  signal?: AbortSignal;
}

export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(path: string, credentials: Credentials, options: Options): Promise<Response> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${credentials.apiKey}`,
    accept: options.accept ?? 'application/json',
  };
  if (credentials.purpose) headers['x-purpose'] = credentials.purpose;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      headers,
      signal: options.signal,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The service cannot be reached.');
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function problemOf(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (/json/.test(type)) {
    try {
      const body = (await response.json()) as { detail?: string; title?: string; code?: string };
      return new ApiError(
        response.status,
        body.detail ?? body.title ?? response.statusText,
        body.code,
      );
    } catch {
      // Not the JSON it claimed to be: the status says enough.
    }
  }
  return new ApiError(response.status, `${response.status} ${response.statusText}`.trim());
}

export async function getJson<T>(
  path: string,
  credentials: Credentials,
  options: Options = {},
): Promise<T> {
  return (await (await send(path, credentials, options)).json()) as T;
}

export async function getBlob(
  path: string,
  credentials: Credentials,
  options: Options = {},
): Promise<Blob> {
  return (await send(path, credentials, options)).blob();
}

/** Saves `blob` as a file the browser downloads (no third party, no new window). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
