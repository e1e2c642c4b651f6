import { accessClaims } from './jwt.strategy';

describe('accessClaims', () => {
  const valid = {
    sub: '2b1f8f4e-8f0e-4c43-9d1a-0b5c2a1e9f10',
    cid: '6a7d2c59-3a1e-4a8e-9c4b-1f2e3d4c5b6a',
    sid: '0f1e2d3c-4b5a-4697-8877-665544332211',
    role: 'MANAGER',
    typ: 'access',
    exp: 1_900_000_000,
    iat: 1_899_999_100,
  };

  it('returns the claims of a well-formed token', () => {
    expect(accessClaims(valid)).toEqual({ sub: valid.sub, cid: valid.cid, sid: valid.sid, role: 'MANAGER', typ: 'access' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['non-UUID sub', { sub: 'user-1' }],
    ['array cid', { cid: [valid.cid] }],
    ['object sid', { sid: { id: valid.sid } }],
    ['unknown role', { role: 'ROOT' }],
    ['array role', { role: ['ADMIN'] }],
    ['refresh typ', { typ: 'refresh' }],
    ['no exp', { exp: undefined }],
    ['string exp', { exp: '1900000000' }],
  ])('refuses a token with %s', (_, change) => {
    expect(accessClaims({ ...valid, ...change })).toBeUndefined();
  });

  it.each([null, 'string', 42, [valid]])('refuses a payload that is not an object: %p', (payload) => {
    expect(accessClaims(payload)).toBeUndefined();
  });
});
