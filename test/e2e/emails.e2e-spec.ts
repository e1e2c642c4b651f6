import { bootApp, registerCompany, STRONG_PASSWORD, unique, type TestApp } from '../support/app';

/** Every e-mail input: normalised (trim, lower case, NFC), and refused when something hides in it. */
describe('e-mail addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  const RULE = 'must not contain control, invisible, space or bidirectional formatting characters';
  const HIDDEN = ['\u0000', '\u0007', '\u001f', '\u007f', '\u0085', '\u009f', '\u00ad', '\u200b', '\u200d', '\u200e', '\u200f'].concat([
    '\u202a',
    '\u202e',
    '\u2060',
    '\u2064',
    '\u2066',
    '\u2069',
    '\ufeff',
    '\u00a0',
    '\u3000',
    '\u2028',
    '\ufe0f',
    '\u{e0041}',
  ]);

  const register = (fields: Record<string, string>) => {
    const tag = unique('mail');
    return t
      .http()
      .post('/api/v1/auth/register')
      .send({
        companyName: `Co ${tag}`,
        companyEmail: `co-${tag}@example.test`,
        name: 'Mail Tester',
        email: `u-${tag}@example.test`,
        password: STRONG_PASSWORD,
        ...fields,
      });
  };

  it.each(HIDDEN.map((c) => [`U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    '%s inside an email → 400 naming the field, nothing created',
    async (_, c) => {
      const email = `ad${c}min-${unique('h')}@example.test`;
      const res = await register({ email });
      expect(res.status).toBe(400);
      const text = [res.body.message].flat().join('\n');
      // NUL is caught first by the rule for all text input; everything else by the e-mail rule.
      expect(text).toMatch(c === '\u0000' ? /^email: must not contain NUL/m : new RegExp(`^email ${RULE}$`, 'm'));
      // Not silently stripped and stored either.
      expect(await t.prisma.user.count({ where: { email: email.replace(c, '') } })).toBe(0);
    },
  );

  it('companyEmail, login and the users route apply the same rule', async () => {
    const company = await register({ companyEmail: `info\u202e@example.test` });
    expect(company.status).toBe(400);
    expect(company.body.message).toEqual([`companyEmail ${RULE}`]);
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'admin\u200b@demo.com', password: 'password123' });
    expect(login.status).toBe(400);
    expect(login.body.message).toEqual([`email ${RULE}`]);
    const admin = await registerCompany(t, 'mail-admin');
    const user = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: `\ufeffnew-${unique('x')}@example.test`, name: 'New User', password: STRONG_PASSWORD });
    expect(user.status).toBe(400);
    expect(user.body.message).toEqual([`email ${RULE}`]);
  });

  it('is stored trimmed, lower-cased and in NFC; any spelling of it logs in', async () => {
    const tag = unique('nfc');
    const decomposed = `  Jose\u0301-${tag}@Example.TEST \n`; // "José" as e + combining acute accent
    const composed = `jos\u00e9-${tag}@example.test`;
    const res = await register({ email: decomposed });
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe(composed);
    const stored = await t.prisma.user.findUniqueOrThrow({ where: { id: res.body.user.id } });
    expect(stored.email).toBe(composed);
    for (const spelling of [composed, decomposed, composed.toUpperCase()]) {
      const login = await t.http().post('/api/v1/auth/login').send({ email: spelling, password: STRONG_PASSWORD });
      expect(login.status).toBe(200);
    }
    // The same address in the other normal form is the same account.
    const again = await register({ email: composed });
    expect(again.status).toBe(409);
  });
});
