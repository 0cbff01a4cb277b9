// The accounts the suites sign in with: the demo seed by default, or an instance's own
// accounts when QA runs the suites against it (E2E_BASE_URL plus these variables).
const seedPassword = "demo-password-1";

function account(prefix: string, email: string) {
  return {
    email: process.env[`E2E_${prefix}_EMAIL`] ?? email,
    password: process.env[`E2E_${prefix}_PASSWORD`] ?? seedPassword,
  };
}

export const accounts = {
  owner: account("OWNER", "owner@northwind.test"),
  admin: account("ADMIN", "admin@northwind.test"),
  member: account("MEMBER", "member@northwind.test"),
  // An admin of a different agency, for the cross-agency checks.
  otherAdmin: account("OTHER_ADMIN", "admin@globex.test"),
  // A member whose password and sessions e2e/security-sessions.spec.ts changes and ends.
  sessions: account("SESSIONS", "sessions@northwind.test"),
};

export type Account = (typeof accounts)[keyof typeof accounts];
