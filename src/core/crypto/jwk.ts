/**
 * The private members of a JWK: EC and OKP `d`, RSA `d`, `p`, `q`, `dp`, `dq`, `qi`, `oth` (RFC 7518 §6.2.2, §6.3.2;
 * RFC 8037 §2) and a symmetric key's `k` (RFC 7518 §6.4.1). A key that holds one must never be imported as a public
 * key, and never be exported in a report.
 */
const PRIVATE_JWK_MEMBERS: readonly string[] = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export const isPrivateJwkMember = (name: string): boolean => PRIVATE_JWK_MEMBERS.includes(name);

/** The private members `jwk` holds (own properties only), in the order above. */
export const privateMembersOf = (jwk: Record<string, unknown>): string[] =>
  PRIVATE_JWK_MEMBERS.filter((m) => Object.hasOwn(jwk, m));
