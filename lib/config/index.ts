import path from "node:path";
import { parseEnv, type Env } from "./env-schema.ts";
import { createLocalSecrets, readLocalSecret, type LocalSecretName } from "./local-secrets.ts";
import { parseDurationList } from "../durations.ts";

function buildConfig(e: Env) {
  const dataDir = path.resolve(e.DATA_DIR);
  const production = e.NODE_ENV === "production";
  // Read on first use, not here: `next build` evaluates modules that read config() before any
  // start-up has created the generated secrets, and must not need them.
  const secret = (value: string | undefined, name: LocalSecretName) => () => value ?? readLocalSecret(dataDir, name);
  const secrets = {
    authSecret: secret(e.AUTH_SECRET, "authSecret"),
    encryptionKey: secret(e.WEBHOOK_ENCRYPTION_KEY, "encryptionKey"),
    operatorToken: secret(e.OPERATOR_TOKEN, "operatorToken"),
    apiKeyHashKey: secret(e.API_KEY_HASH_KEY, "apiKeyHashKey"),
  };
  return {
    production,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    get authSecret() {
      return secrets.authSecret();
    },
    get encryptionKey() {
      return secrets.encryptionKey();
    },
    get operatorToken() {
      return secrets.operatorToken();
    },
    get apiKeyHashKey() {
      return secrets.apiKeyHashKey();
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    appUrl: (e.APP_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ""),
    alertFailureStreak: e.ALERT_FAILURE_STREAK,
    apiRateLimitPerMinute: e.API_RATE_LIMIT_PER_MINUTE,
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    // Private and loopback targets are for local work only; production must opt in.
    allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS ?? !production,
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    retrySchedule: parseDurationList(e.WEBHOOK_RETRY_SCHEDULE),
    retryJitter: e.WEBHOOK_RETRY_JITTER,
    autoDisableAfterMs: parseDurationList(e.WEBHOOK_AUTO_DISABLE_AFTER)[0],
    logRetentionDays: e.WEBHOOK_LOG_RETENTION_DAYS,
    endpointConcurrency: e.WEBHOOK_ENDPOINT_CONCURRENCY,
    // First attempts per batched delivery run (an Inngest plan caps it: 5 Free, 100 Pro, 500 Business).
    deliveryBatchSize: e.WEBHOOK_BATCH_SIZE,
    inngest: {
      eventKey: e.INNGEST_EVENT_KEY,
      signingKey: e.INNGEST_SIGNING_KEY,
      baseUrl: e.INNGEST_BASE_URL,
      dev: e.INNGEST_DEV,
    },
    // The embedded engine runs only where no Inngest server is configured.
    embeddedEngine: !(e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY || e.INNGEST_BASE_URL || e.INNGEST_DEV),
    engineConcurrency: e.ENGINE_CONCURRENCY,
    // The SDK runs a run's steps in one call and checkpointing each; off = one call per step.
    engineCheckpointing: e.ENGINE_CHECKPOINTING ?? true,
  };
}

export type AppConfig = ReturnType<typeof buildConfig>;

let cached: AppConfig | undefined;

/** The app's configuration, parsed from the environment once per process. Reading has no side effects. */
export function config(): AppConfig {
  cached ??= buildConfig(parseEnv(process.env));
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}

/** Start-up's one side effect: the generated local secrets, created if missing (see local-secrets.ts). */
export function prepareLocalSecrets(): void {
  // Parsed afresh, not cached: a test may still change the environment before its first config().
  createLocalSecrets(path.resolve(parseEnv(process.env).DATA_DIR), process.env);
}

/** Config for an environment other than this process's (tests of the schema). */
export function configFrom(env: Record<string, string | undefined>): AppConfig {
  return buildConfig(parseEnv(env));
}
