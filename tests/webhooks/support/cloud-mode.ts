// Imported first by the tests that drive the app's functions through the SDK's serve(): before
// any later import reads them, these make the Inngest client a cloud-mode client with this
// signing key (no embedded engine). ES modules evaluate imports in order, so every module the
// test imports after this one sees them.
export const SIGNING_KEY = `signkey-test-${"ab12".repeat(16)}`;
process.env.INNGEST_SIGNING_KEY = SIGNING_KEY;
process.env.INNGEST_EVENT_KEY = "test-event-key";
