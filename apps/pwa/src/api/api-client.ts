import { ApiError, PROTOCOL_HEADER, PROTOCOL_VERSION, SESSION_HEADER } from '@aisle/domain/protocol';

/** `fetch` as the client needs it; pass `(input, init) => window.fetch(input, init)` (an unbound `window.fetch` throws "Illegal invocation"). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Anything with zod's `parse`; responses are parsed with the domain's protocol schemas. */
export interface Parser<T> {
  parse(data: unknown): T;
}

/**
 * Why a call failed, in the terms the sync code acts on. Only `network`,
 * `unavailable` and `bad_response` are worth retrying as they are.
 */
export type ApiFailureKind =
  /** No answer: offline, connection reset, timeout. */
  | 'network'
  /** 5xx, 408, 429: the server cannot take it now. */
  | 'unavailable'
  /** 401: the device token is unknown or revoked, or (see `code`) the associate's session ended. */
  | 'unauthenticated'
  /** 426: the server no longer speaks this app's protocol. */
  | 'outdated'
  /** Any other 4xx: the request itself is wrong. */
  | 'refused'
  /** A 2xx whose body does not match the protocol. */
  | 'bad_response';

export class ApiFailure extends Error {
  constructor(
    readonly kind: ApiFailureKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'unavailable' || this.kind === 'bad_response';
  }
}

export interface ApiClientOptions {
  /** Origin (and optional prefix) of the sync server, e.g. `location.origin`. */
  baseUrl: string;
  fetch: FetchLike;
  /** Device bearer token; absent for enrolment. */
  token?: string | undefined;
  /** The signed-in associate's session token, sent as `Aisle-Session`; only session calls need it. */
  sessionToken?: string | undefined;
  /** Per-request limit for JSON calls; the event stream has none. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;

export class ApiClient {
  readonly #baseUrl: string;
  readonly #fetch: FetchLike;
  readonly #token: string | undefined;
  readonly #sessionToken: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: ApiClientOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch;
    this.#token = options.token;
    this.#sessionToken = options.sessionToken;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async post<T>(path: string, body: unknown, parser: Parser<T>, signal?: AbortSignal): Promise<T> {
    const response = await this.#send(path, { method: 'POST', body: JSON.stringify(body) }, this.#withTimeout(signal));
    return parseBody(response, parser);
  }

  async get<T>(path: string, parser: Parser<T>, signal?: AbortSignal): Promise<T> {
    const response = await this.#send(path, { method: 'GET' }, this.#withTimeout(signal));
    return parseBody(response, parser);
  }

  /** For calls answered with 204 and no body (sign-out). */
  async delete(path: string, signal?: AbortSignal): Promise<void> {
    await this.#send(path, { method: 'DELETE' }, this.#withTimeout(signal));
  }

  /** Opens a long-lived response (Server-Sent Events) and hands over its body. */
  async openStream(path: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const response = await this.#send(path, { method: 'GET', headers: { Accept: 'text/event-stream' } }, signal);
    if (!response.body) throw new ApiFailure('bad_response', `${path} answered without a body`, response.status);
    return response.body;
  }

  #withTimeout(signal: AbortSignal | undefined): AbortSignal {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  }

  async #send(path: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    if (init.body !== undefined) headers.set('Content-Type', 'application/json');
    if (this.#token) headers.set('Authorization', `Bearer ${this.#token}`);
    if (this.#sessionToken) headers.set(SESSION_HEADER, this.#sessionToken);
    let response: Response;
    try {
      response = await this.#fetch(`${this.#baseUrl}${path}`, { ...init, headers, signal });
    } catch (error) {
      throw new ApiFailure('network', `${path}: ${describeError(error)}`);
    }
    if (!response.ok) throw await failureFrom(path, response);
    return response;
  }
}

async function parseBody<T>(response: Response, parser: Parser<T>): Promise<T> {
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    // A body cut off mid-way is a network failure, not a protocol one.
    throw new ApiFailure('network', `reading the response failed: ${describeError(error)}`, response.status);
  }
  try {
    return parser.parse(json);
  } catch (error) {
    throw new ApiFailure('bad_response', `unexpected response: ${describeError(error)}`, response.status);
  }
}

async function failureFrom(path: string, response: Response): Promise<ApiFailure> {
  const status = response.status;
  let code: string | undefined;
  let field: string | undefined;
  let message = `${path} answered ${status}`;
  try {
    const parsed = ApiError.safeParse(await response.json());
    if (parsed.success) {
      code = parsed.data.error.code;
      field = parsed.data.error.field;
      message = parsed.data.error.message;
    }
  } catch {
    // Not JSON (a proxy's error page, say): the status alone decides.
  }
  const kind: ApiFailureKind =
    status === 401
      ? 'unauthenticated'
      : status === 426 || code === 'protocol_outdated'
        ? 'outdated'
        : status >= 500 || status === 408 || status === 429
          ? 'unavailable'
          : 'refused';
  return new ApiFailure(kind, message, status, code, field);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
