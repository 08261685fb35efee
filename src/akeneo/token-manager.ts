/** OAuth token lifecycle of an Akeneo connection: password grant, refresh before expiry, one request at a time. */

/** A grant posted to `POST /api/oauth/v1/token`. */
export type TokenGrant =
  | { grant_type: 'password'; username: string; password: string }
  | { grant_type: 'refresh_token'; refresh_token: string };

/** The parts of a successful token answer this service uses. */
export interface TokenResponse {
  access_token: string;
  /** Lifetime of the access token in seconds (Akeneo's default is 3600). */
  expires_in: number;
  refresh_token?: string;
}

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  username: string;
  password: string;
  /** Posts one grant to the token endpoint; rejects with an error carrying `status` on a non-2xx answer. */
  requestToken: (grant: TokenGrant) => Promise<TokenResponse>;
  /** Clock in epoch milliseconds; injected by tests. */
  now: () => number;
  /** A token with less than this left is refreshed before use. */
  refreshMarginMs?: number;
}

interface CachedToken {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

/** Default margin before expiry at which the access token is refreshed. */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** Akeneo's default access token lifetime, assumed when an answer omits `expires_in`. */
const DEFAULT_EXPIRES_IN_SECONDS = 3600;

/** Caches the access token and renews it; concurrent callers share a single token request. */
export class TokenManager {
  private current?: CachedToken;
  private inflight?: Promise<string>;
  private readonly refreshMarginMs: number;

  constructor(private readonly options: TokenManagerOptions) {
    this.refreshMarginMs = options.refreshMarginMs ?? TOKEN_REFRESH_MARGIN_MS;
  }

  /** Returns an access token that is valid for at least the refresh margin, fetching one when needed. */
  async getToken(): Promise<string> {
    const token = this.current;
    if (token && this.options.now() < token.expiresAt - this.refreshMarginMs) return token.accessToken;
    return this.singleFlight();
  }

  /** Replaces a token the PIM rejected (401); a no-op when another caller already replaced it. */
  async renew(rejectedToken: string): Promise<string> {
    if (this.current && this.current.accessToken === rejectedToken) {
      this.current = { ...this.current, expiresAt: 0 };
    }
    return this.getToken();
  }

  private singleFlight(): Promise<string> {
    this.inflight ??= this.obtain().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async obtain(): Promise<string> {
    const startedAt = this.options.now();
    const refreshToken = this.current?.refreshToken;
    const answer = refreshToken ? await this.refreshOrLogin(refreshToken) : await this.login();
    this.current = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? refreshToken,
      // Measured from before the request, so the cached expiry errs on the early side.
      expiresAt: startedAt + answer.expires_in * 1000,
    };
    return answer.access_token;
  }

  private async refreshOrLogin(refreshToken: string): Promise<TokenResponse> {
    try {
      return await this.options.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken });
    } catch (err) {
      // Akeneo answers 422 to an expired or unknown refresh token: start over with the password grant.
      if (statusOf(err) !== 422) throw err;
      this.current = undefined;
      return this.login();
    }
  }

  private login(): Promise<TokenResponse> {
    const { username, password } = this.options;
    return this.options.requestToken({ grant_type: 'password', username, password });
  }
}

/** Reads a token endpoint answer; `undefined` when it carries no access token. */
export function readTokenResponse(json: unknown): TokenResponse | undefined {
  const { access_token, expires_in, refresh_token } = (json ?? {}) as Record<string, unknown>;
  if (typeof access_token !== 'string' || access_token === '') return undefined;
  return {
    access_token,
    expires_in: typeof expires_in === 'number' && expires_in > 0 ? expires_in : DEFAULT_EXPIRES_IN_SECONDS,
    refresh_token: typeof refresh_token === 'string' ? refresh_token : undefined,
  };
}

function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
