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
}
