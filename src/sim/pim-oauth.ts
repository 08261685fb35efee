/** The simulated PIM's OAuth: `POST /api/oauth/v1/token` (password and refresh_token grants) and bearer checks. */
import { randomBytes } from 'node:crypto';
import { akeneoError, type SimRequest, type SimResponse } from './http-server';

/** Akeneo's messages for token errors, all sent with status 422. */
export const TokenErrorMessage = {
  BAD_CLIENT: 'Parameter "client_id" is missing or does not match any client, or secret is invalid',
  BAD_PASSWORD_GRANT: 'Parameter "grant_type", "username" or "password" is missing, empty or invalid',
  GRANT_NOT_AUTHORIZED: 'This grant type is not authorized for this client',
  NO_USER: 'No user found for the given username and password',
  BAD_REFRESH_GRANT: 'Parameter "grant_type" or "refresh_token" is missing or empty',
  BAD_REFRESH_TOKEN: 'Refresh token is invalid or has expired',
} as const;

/** Akeneo's messages for a 401 on the REST API. */
export const AuthErrorMessage = {
  MISSING: 'Authentication is required',
  EXPIRED: 'The access token provided has expired.',
} as const;

/** The credentials of the simulated Connection. */
export interface OAuthCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/** Lifetime of refresh tokens, as Akeneo's default (14 days). */
export const REFRESH_TOKEN_TTL_SECONDS = 1_209_600;

const OTHER_OAUTH_GRANTS = new Set(['client_credentials', 'authorization_code', 'implicit']);

/** Issues, refreshes and checks tokens. */
export class TokenStore {
  /** Successful token answers so far. */
  issued = 0;
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();

  constructor(
    private readonly credentials: OAuthCredentials,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** Answers a token request. */
  handleTokenRequest(req: SimRequest): SimResponse {
    if (req.method !== 'POST') return akeneoError(405, 'Method Not Allowed');
    const params = readParams(req);
    if (!params) return akeneoError(400, 'Invalid json message received');
    const grant = params.grant_type;
    if (!grant) return akeneoError(422, TokenErrorMessage.BAD_PASSWORD_GRANT);
    const client = clientOf(req, params);
    if (client?.id !== this.credentials.clientId || client.secret !== this.credentials.clientSecret) {
      return akeneoError(422, TokenErrorMessage.BAD_CLIENT);
    }
    if (grant === 'password') {
      if (!params.username || !params.password) return akeneoError(422, TokenErrorMessage.BAD_PASSWORD_GRANT);
      if (params.username !== this.credentials.username || params.password !== this.credentials.password) {
        return akeneoError(422, TokenErrorMessage.NO_USER);
      }
      return this.issue();
    }
    if (grant === 'refresh_token') {
      const token = params.refresh_token;
      if (!token) return akeneoError(422, TokenErrorMessage.BAD_REFRESH_GRANT);
      const expiresAt = this.refresh.get(token);
      if (expiresAt === undefined || expiresAt <= this.now()) return akeneoError(422, TokenErrorMessage.BAD_REFRESH_TOKEN);
      this.refresh.delete(token); // refresh tokens are single-use
      return this.issue();
    }
    const message = OTHER_OAUTH_GRANTS.has(grant) ? TokenErrorMessage.GRANT_NOT_AUTHORIZED : TokenErrorMessage.BAD_PASSWORD_GRANT;
    return akeneoError(422, message);
  }

  /** Checks an `Authorization` header; `undefined` when the bearer token is valid, else the 401 answer. */
  checkBearer(authorization: string | undefined): SimResponse | undefined {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) return akeneoError(401, AuthErrorMessage.MISSING);
    const expiresAt = this.access.get(token);
    if (expiresAt === undefined || expiresAt <= this.now()) return akeneoError(401, AuthErrorMessage.EXPIRED);
    return undefined;
  }

  /** Makes every access token issued so far expired (refresh tokens stay valid). */
  expireAll(): void {
    for (const token of this.access.keys()) this.access.set(token, -Infinity);
  }

  private issue(): SimResponse {
    const accessToken = randomBytes(32).toString('base64url');
    const refreshToken = randomBytes(32).toString('base64url');
    this.access.set(accessToken, this.now() + this.ttlSeconds * 1000);
    this.refresh.set(refreshToken, this.now() + REFRESH_TOKEN_TTL_SECONDS * 1000);
    this.issued++;
    return {
      status: 200,
      body: { access_token: accessToken, expires_in: this.ttlSeconds, token_type: 'bearer', scope: null, refresh_token: refreshToken },
    };
  }
}

type Params = Partial<Record<'grant_type' | 'username' | 'password' | 'refresh_token' | 'client_id' | 'client_secret', string>>;

/** The body as JSON, or as a form when so declared; `undefined` when it is not readable. */
function readParams(req: SimRequest): Params | undefined {
  const text = req.body.toString('utf8');
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object') return undefined;
    const params: Params = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') params[k as keyof Params] = v;
    return params;
  } catch {
    return undefined;
  }
}

/** Client id and secret from the Basic header, or else from the body. */
function clientOf(req: SimRequest, params: Params): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  return params.client_id && params.client_secret ? { id: params.client_id, secret: params.client_secret } : undefined;
}
