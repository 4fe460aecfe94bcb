import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/token/classify.js';
import type { SeenAs } from '../../../src/core/model/token.js';
import { decode } from '../../../src/core/token/decode.js';
import type { Role } from '../../../src/core/model/places.js';
import * as T from '../../fixtures/tokens.js';

const seen = (roles: Role[] = [], hosts: string[] = []): SeenAs => ({
  roles: new Set(roles),
  responseHosts: new Set(hosts),
});
const kindOf = (raw: string, s = seen()) => classify(decode(raw), s);

describe('classify: SharePoint low-trust (ACS) tokens, from the claim tables of Microsoft’s low-trust token article', () => {
  it('tells a user+add-in access token (Table 1) by its actor and user identity provider', () => {
    expect(kindOf(T.ACS_USER_ADDIN, seen(['access']))).toEqual({
      family: 'sharepoint-acs',
      type: 'access',
      policy: 'user+add-in',
      kind: 'user+add-in',
      clientAuth: null,
    });
  });

  it('tells an add-in-only access token (Table 2), though it too carries nameid, by ACS as identityprovider', () => {
    expect(kindOf(T.ACS_ADDIN_ONLY, seen(['access']))).toMatchObject({
      family: 'sharepoint-acs',
      type: 'access',
      policy: 'add-in-only',
      kind: 'add-in-only',
    });
  });

  it('tells a context token (Table 3) by appctx / appctxsender, wherever it was seen', () => {
    expect(kindOf(T.ACS_CONTEXT, seen(['context']))).toMatchObject({
      family: 'sharepoint-acs',
      type: 'context',
      policy: null,
      kind: 'context',
    });
    expect(kindOf(T.ACS_CONTEXT, seen([null]))).toMatchObject({ type: 'context', kind: 'context' });
  });
});

describe('classify: SharePoint high-trust tokens', () => {
  it('calls the unsigned outer token with an actortoken a high-trust user+add-in token', () => {
    expect(kindOf(T.HIGH_TRUST_OUTER, seen(['access']))).toMatchObject({
      family: 'sharepoint-high-trust',
      type: 'access',
      policy: 'user+add-in',
    });
  });

  it('calls the signed actor token sent alone a high-trust add-in-only token', () => {
    expect(kindOf(T.HIGH_TRUST_ACTOR, seen(['access']))).toMatchObject({
      family: 'sharepoint-high-trust',
      type: 'access',
      policy: 'add-in-only',
    });
  });
});

describe('classify: Entra ID and Microsoft account', () => {
  it('v1 token with scp is delegated, and appidacr "1" means a client secret', () => {
    expect(kindOf(T.ENTRA_V1_DELEGATED, seen(['access']))).toEqual({
      family: 'entra-id',
      type: 'access',
      policy: 'delegated',
      kind: 'delegated',
      clientAuth: 'client-secret',
    });
  });

  it('v2 token with idtyp "app" and roles is app-only, and azpacr "2" means a certificate', () => {
    expect(kindOf(T.ENTRA_V2_APP_ONLY, seen(['access']))).toEqual({
      family: 'entra-id',
      type: 'access',
      policy: 'app-only',
      kind: 'app-only',
      clientAuth: 'certificate',
    });
  });

  it('an Entra ID token is an ID token even when nothing says where it came from', () => {
    expect(kindOf(T.ENTRA_V2_ID)).toMatchObject({ family: 'entra-id', type: 'id', policy: null, kind: 'id' });
  });

  it('the consumer tenant makes a Microsoft account token', () => {
    expect(kindOf(T.MSA_ID, seen(['id']))).toMatchObject({ family: 'microsoft-account', type: 'id', kind: 'id' });
  });

  it('an opaque token takes its family from the token endpoint that issued it', () => {
    expect(kindOf(T.MSA_OPAQUE, seen(['access'], ['login.live.com']))).toMatchObject({
      family: 'microsoft-account',
      type: 'access',
      kind: 'opaque',
    });
    expect(kindOf(T.OPAQUE_REFRESH, seen(['refresh'], ['login.microsoftonline.com']))).toMatchObject({
      family: 'entra-id',
      type: 'refresh',
      kind: 'refresh',
    });
    expect(kindOf(T.OPAQUE_REFRESH, seen(['refresh'], ['accounts.accesscontrol.windows.net']))).toMatchObject({
      family: 'sharepoint-acs',
    });
  });
});

describe('classify: other tokens', () => {
  it('a JWT from an unknown issuer is an access token when sent as a bearer, unknown otherwise', () => {
    expect(kindOf(T.RFC7519_JWT, seen(['access']))).toMatchObject({ family: 'other', type: 'access', kind: 'access' });
    expect(kindOf(T.RFC7519_JWT, seen([null]))).toMatchObject({ family: 'other', type: 'unknown', kind: 'unknown' });
  });

  it('a JWE is encrypted, an opaque value opaque', () => {
    expect(kindOf(T.RFC7516_JWE, seen(['access']))).toMatchObject({ type: 'access', kind: 'encrypted' });
    expect(kindOf(T.MSA_OPAQUE, seen([null]))).toMatchObject({ family: 'other', type: 'unknown', kind: 'opaque' });
  });
});
