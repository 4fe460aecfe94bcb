/** Requests that carried a token and matter for a finding, kept with what the finding quotes. Types only. */

/** A request that carried the token and matters for a finding, kept with what the finding quotes. */
export interface Evidence {
  entry: number;
  /** The HAR file it is in, when several are read together. */
  file?: string;
  name: string;
  method: string;
  url: string;
  host: string;
  status: number;
  wwwAuthenticate: string | null;
  diagnostics: string | null;
  /** For a Set-Cookie sighting: the attributes it set (absent when unknown). */
  httpOnly?: boolean;
  secure?: boolean;
}

/** What the analyzer gathered over all of a token's sightings, bounded per kind. */
export interface Gathered {
  sentExpired: Evidence[];
  sentExpiredCount: number;
  sentEarly: Evidence[];
  sentEarlyCount: number;
  cookies: Evidence[];
  urls: Evidence[];
  rejected: Evidence[];
  /** Authorization-header uses, one per host. */
  bearerHosts: Map<string, Evidence>;
  /** Requests that sent it as `Authorization: Bearer` (not DPoP, not another header), first ones first. */
  bearerAuth?: Evidence[];
  /**
   * DPoP nonce challenges (RFC 9449 §9) met by requests carrying it, per host, until the next answer from that host:
   * the challenge is a step of the protocol, and only a retry that fails again is a refusal.
   */
  nonceChallenges?: Map<string, Evidence>;
}

/** A refresh token sent again after the token response that replaced it (RFC 9700 §4.14.2). */
export interface RefreshReuse {
  /** The token response that issued its successor. */
  replaced: { entry: number; file?: string };
  /** The request that sent it again, and the token endpoint's answer to it (`invalid_grant: … already redeemed`). */
  reuse: Evidence;
  refusal: string | null;
}
