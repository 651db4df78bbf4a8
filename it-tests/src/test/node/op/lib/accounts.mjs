// The fixed account store of the test OP. Passwords are test fixtures, not secrets.
const ACCOUNTS = {
  alice: {
    password: 'alice-password',
    claims: {
      sub: 'alice',
      email: 'alice@partner.example',
      email_verified: true,
      given_name: 'Alice',
      family_name: 'Anderson',
      name: 'Alice Anderson',
      preferred_username: 'alice',
      locale: 'en',
      groups: ['partner-admins', 'partner-users'],
      address: {
        street_address: '1 Main Street',
        locality: 'Springfield',
        postal_code: '12345',
        country: 'US',
      },
      org: { dept: 'engineering', cost_center: 'CC-100' },
    },
  },
  bob: {
    password: 'bob-password',
    claims: {
      sub: 'bob',
      email: 'bob@partner.example',
      email_verified: false,
      given_name: 'Bob',
      family_name: 'Brown',
      name: 'Bob Brown',
      preferred_username: 'bob',
      locale: 'de',
      groups: ['partner-users'],
      address: {
        street_address: '2 Side Road',
        locality: 'Shelbyville',
        postal_code: '54321',
        country: 'DE',
      },
      org: { dept: 'sales', cost_center: 'CC-200' },
    },
  },
};

/** Claims per scope; also the list of claims the OP supports. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'locale'],
  email: ['email', 'email_verified'],
  address: ['address'],
  groups: ['groups'],
  org: ['org'],
};

/** @returns {string|undefined} the account id when login and password match */
export function authenticate(login, password) {
  const account = ACCOUNTS[login];
  return account && account.password === password ? login : undefined;
}

/** oidc-provider `findAccount`. */
export async function findAccount(ctx, id) {
  const account = ACCOUNTS[id];
  if (!account) {
    return undefined;
  }
  return {
    accountId: id,
    async claims() {
      return structuredClone(account.claims);
    },
  };
}
