import { z } from "zod";

/** Waits in WEBHOOK_RETRY_SCHEDULE: 100 retries are 201 steps, well inside Inngest's 1,000. */
export const MAX_RETRY_SCHEDULE_LENGTH = 100;

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/**
 * Every environment variable the app reads, in one place (`.env.example` documents each).
 * Nothing reads process.env around this schema. An empty value counts as unset.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.string().default("development"),

  // Database. Unset: the embedded PostgreSQL in DATA_DIR/postgres, started by whichever process needs it first.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      message: "must be a postgres:// or postgresql:// URL (unset: the embedded PostgreSQL)",
    })
    .optional(),
  EMBEDDED_POSTGRES_PORT: int(1, 65535).optional(),
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  DATA_DIR: z.string().default(".data"),

  // Generated secrets: unset, each is created once at start-up in DATA_DIR (see local-secrets.ts).
  AUTH_SECRET: z.string().optional(),
  WEBHOOK_ENCRYPTION_KEY: z.string().optional(),
  OPERATOR_TOKEN: z.string().optional(),
  API_KEY_HASH_KEY: z.string().optional(),

  // Proxies in front of the app that append to X-Forwarded-For; 0 = none, the socket address counts.
  TRUSTED_PROXY_HOPS: int(0, 20).default(0),

  // Webhooks.
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.optional(),
  WEBHOOK_TIMEOUT_MS: int(1).default(30_000),
  // Each retry is a step and a sleep of one Inngest run, which may take at most 1,000 steps.
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default("5s,5m,30m,2h,5h,10h,10h")
    .refine((v) => v.split(",").filter((s) => s.trim() !== "").length <= MAX_RETRY_SCHEDULE_LENGTH, {
      message: `WEBHOOK_RETRY_SCHEDULE takes at most ${MAX_RETRY_SCHEDULE_LENGTH} waits`,
    }),
  WEBHOOK_RETRY_JITTER: z.coerce.number().min(0).max(1).default(0.2),
  WEBHOOK_AUTO_DISABLE_AFTER: z.string().default("5d"),
  WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().positive().default(30),
  WEBHOOK_ENDPOINT_CONCURRENCY: int(1, 100).default(5),
  WEBHOOK_BATCH_SIZE: int(1, 500).default(100),

  // Failure alerts. SMTP_URL unset: alerts are in-app only (Settings → Notifications says so).
  // smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465; it holds a password: never logged.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: "must be an smtp:// or smtps:// URL (unset: alerts are in-app only)" })
    .optional(),
  MAIL_FROM: z.string().default("Agency OS <alerts@localhost>"),
  // Where links in emails point (and where npm run emit finds the app).
  APP_URL: z.url().optional(),
  PORT: int(1, 65535).default(3000),
  // Consecutive failed deliveries before an endpoint counts as failing (1: the first failure after a success).
  ALERT_FAILURE_STREAK: int(1, 1000).default(1),

  // REST API (/api/v1): requests a minute per API key (or signed-in user), shared by all processes.
  API_RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(600),

  // Engine: any INNGEST_* set means an Inngest server, and the embedded engine stays off.
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_BASE_URL: z.string().optional(),
  INNGEST_DEV: z.string().optional(),
  ENGINE_CONCURRENCY: int(1).default(64),
  ENGINE_CHECKPOINTING: bool.optional(),
});

export type Env = z.output<typeof EnvSchema>;

/** Parses an environment; empty strings are unset, so `FOO=` in a .env file means the default. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
