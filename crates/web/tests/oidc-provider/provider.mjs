// A certified OpenID Connect provider (panva/oidc-provider) for the single sign-on tests: one
// confidential client, PKCE required, RS256-signed ID tokens from a key made at start, and the
// package's development login and consent pages (any login, any password; the login becomes
// the subject). Configured by the environment: PORT, REDIRECT_URI, CLIENT_ID, CLIENT_SECRET.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

// The people the test logs in as; anyone else gets only a subject.
const people = {
  'cccd-079090001234': { name: 'Nguyễn Thị Định Danh', email: 'dinhdanh@example.vn', email_verified: true },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [key] },
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
  // The ID token carries the person's claims, as VNeID-style providers do, not only `sub`.
  conformIdTokenClaims: false,
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return { accountId: id, claims: async () => ({ sub: id, ...(people[id] ?? {}) }) };
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ issuer: provider.issuer }));
});
