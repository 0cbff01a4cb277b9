// Signed-in sessions last 8 hours from sign-in: the JWT's expiry and the server-side record's
// (lib/auth/user-sessions.ts) are the same. After that the user signs in again.
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;
