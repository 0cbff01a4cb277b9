import path from "node:path";
import { z } from "zod";
import { readOrCreateLocalSecret } from "./local-secret.ts";
import { parseSchedule } from "./parse-duration.ts";

const bool = z.enum(["true", "false", "1", "0", ""]).transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.string().default("development"),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default(".data"),
  AUTH_SECRET: z.string().optional(),
  WEBHOOK_ENCRYPTION_KEY: z.string().optional(),
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  WEBHOOK_RETRY_SCHEDULE: z.string().default("5s,5m,30m,2h,5h,10h,10h"),
  WEBHOOK_RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  WEBHOOK_AUTO_DISABLE_AFTER: z.string().default("5d"),
  WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().positive().default(30),
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  WEBHOOK_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_BASE_URL: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  ENGINE_CONCURRENCY: z.coerce.number().int().positive().default(64),
  ENGINE_CHECKPOINTING: bool.optional(),
});

export type AppConfig = ReturnType<typeof buildConfig>;

function buildConfig(env: NodeJS.ProcessEnv) {
  const e = EnvSchema.parse(env);
  const dataDir = path.resolve(e.DATA_DIR);
  const production = e.NODE_ENV === "production";
  return {
    production,
    dataDir,
    databaseUrl: e.DATABASE_URL || undefined,
    authSecret: e.AUTH_SECRET || readOrCreateLocalSecret(dataDir, "auth-secret"),
    encryptionKey: e.WEBHOOK_ENCRYPTION_KEY || readOrCreateLocalSecret(dataDir, "encryption-key"),
    // Private and loopback targets are for local work only; production must opt in.
    allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS ?? !production,
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    retrySchedule: parseSchedule(e.WEBHOOK_RETRY_SCHEDULE),
    retryJitter: e.WEBHOOK_RETRY_JITTER,
    autoDisableAfterMs: parseSchedule(e.WEBHOOK_AUTO_DISABLE_AFTER)[0],
    logRetentionDays: e.WEBHOOK_LOG_RETENTION_DAYS,
    endpointConcurrency: e.WEBHOOK_ENDPOINT_CONCURRENCY,
    inngest: {
      eventKey: e.INNGEST_EVENT_KEY,
      signingKey: e.INNGEST_SIGNING_KEY,
      baseUrl: e.INNGEST_BASE_URL,
      dev: e.INNGEST_DEV,
    },
    // The embedded engine runs only where no Inngest server is configured.
    embeddedEngine: !(e.INNGEST_EVENT_KEY || e.INNGEST_SIGNING_KEY || e.INNGEST_BASE_URL || e.INNGEST_DEV),
    engineConcurrency: e.ENGINE_CONCURRENCY,
    // The SDK runs a run's steps in one call and checkpoints each; off = one call per step.
    engineCheckpointing: e.ENGINE_CHECKPOINTING ?? true,
  };
}

let cached: AppConfig | undefined;

/** The app's configuration, read from the environment once per process. */
export function config(): AppConfig {
  cached ??= buildConfig(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}

/**
 * Deliveries in flight per endpoint. Read on its own (not through config()) because the
 * Inngest functions are defined at import time, where config() would create the local
 * secrets as a side effect (e.g. during `next build`).
 */
export function endpointConcurrency(env: Record<string, string | undefined> = process.env): number {
  return EnvSchema.shape.WEBHOOK_ENDPOINT_CONCURRENCY.parse(env.WEBHOOK_ENDPOINT_CONCURRENCY || undefined);
}

/** Whether an Inngest server is configured (read from the environment only, no side effects). */
export function inngestConfigured(env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_SIGNING_KEY || env.INNGEST_BASE_URL || env.INNGEST_DEV);
}

/** First attempts per batched delivery run (an Inngest plan caps it: 5 Free, 100 Pro, 500 Business). */
export function deliveryBatchSize(env: Record<string, string | undefined> = process.env): number {
  return EnvSchema.shape.WEBHOOK_BATCH_SIZE.parse(env.WEBHOOK_BATCH_SIZE || undefined);
}
