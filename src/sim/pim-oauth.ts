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
  TOO_LARGE: 'The request content size is too large',
} as const;

/**
 * Largest token request body, in bytes: Akeneo's TokenController answers 422 "The request content size is too
 * large" above it (akeneo/pim-community-dev src/Akeneo/Tool/Bundle/ApiBundle/Controller/TokenController.php,
 * `CONTENT_MAX_SIZE = 200`), and turns every OAuth error into a 422 too.
 */
export const TOKEN_BODY_MAX_BYTES = 200;

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

/** A token and what it grants: until when, and to which connection (OAuth client id). */
interface Grant {
  expiresAt: number;
  clientId: string;
}

/** Issues, refreshes and checks tokens, for one connection or several (each its own OAuth client and user). */
export class TokenStore {
  /** Successful token answers so far. */
  issued = 0;
  private readonly access = new Map<string, Grant>();
  private readonly refresh = new Map<string, Grant>();
  private readonly connections: OAuthCredentials[];

  constructor(
    credentials: OAuthCredentials,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
    moreConnections: readonly OAuthCredentials[] = [],
  ) {
    this.connections = [credentials, ...moreConnections];
  }

  /** Answers a token request. */
  handleTokenRequest(req: SimRequest): SimResponse {
    if (req.method !== 'POST') return akeneoError(405, 'Method Not Allowed');
    if (req.body.length > TOKEN_BODY_MAX_BYTES) return akeneoError(422, TokenErrorMessage.TOO_LARGE);
    const params = readParams(req);
    if (!params) return akeneoError(400, 'Invalid json message received');
    const grant = params.grant_type;
    if (!grant) return akeneoError(422, TokenErrorMessage.BAD_PASSWORD_GRANT);
    const client = clientOf(req, params);
    const connection = this.connections.find((c) => c.clientId === client?.id && c.clientSecret === client.secret);
    if (!connection) return akeneoError(422, TokenErrorMessage.BAD_CLIENT);
    if (grant === 'password') {
      if (!params.username || !params.password) return akeneoError(422, TokenErrorMessage.BAD_PASSWORD_GRANT);
      if (params.username !== connection.username || params.password !== connection.password) {
        return akeneoError(422, TokenErrorMessage.NO_USER);
      }
      return this.issue(connection.clientId);
    }
    if (grant === 'refresh_token') {
      const token = params.refresh_token;
      if (!token) return akeneoError(422, TokenErrorMessage.BAD_REFRESH_GRANT);
      const grantOf = this.refresh.get(token);
      if (!grantOf || grantOf.expiresAt <= this.now() || grantOf.clientId !== connection.clientId) {
        return akeneoError(422, TokenErrorMessage.BAD_REFRESH_TOKEN);
      }
      this.refresh.delete(token); // refresh tokens are single-use
      return this.issue(connection.clientId);
    }
    const message = OTHER_OAUTH_GRANTS.has(grant) ? TokenErrorMessage.GRANT_NOT_AUTHORIZED : TokenErrorMessage.BAD_PASSWORD_GRANT;
    return akeneoError(422, message);
  }

  /** Checks an `Authorization` header; `undefined` when the bearer token is valid, else the 401 answer. */
  checkBearer(authorization: string | undefined): SimResponse | undefined {
    const token = bearerOf(authorization);
    if (!token) return akeneoError(401, AuthErrorMessage.MISSING);
    const grant = this.access.get(token);
    if (!grant || grant.expiresAt <= this.now()) return akeneoError(401, AuthErrorMessage.EXPIRED);
    return undefined;
  }

  /** The connection (OAuth client id) whose valid access token the `Authorization` header carries, if any. */
  connectionOf(authorization: string | undefined): string | undefined {
    const grant = this.access.get(bearerOf(authorization) ?? '');
    return grant && grant.expiresAt > this.now() ? grant.clientId : undefined;
  }

  /** Makes every access token issued so far expired (refresh tokens stay valid). */
  expireAll(): void {
    for (const grant of this.access.values()) grant.expiresAt = -Infinity;
  }

  private issue(clientId: string): SimResponse {
    const accessToken = randomBytes(32).toString('base64url');
    const refreshToken = randomBytes(32).toString('base64url');
    this.access.set(accessToken, { expiresAt: this.now() + this.ttlSeconds * 1000, clientId });
    this.refresh.set(refreshToken, { expiresAt: this.now() + REFRESH_TOKEN_TTL_SECONDS * 1000, clientId });
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

function bearerOf(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
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
