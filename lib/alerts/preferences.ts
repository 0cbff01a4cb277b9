import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import type { DisplayPrefsSchema } from "@/lib/i18n/display-prefs-schema.ts";

export const ALERT_EMAIL_MODES = ["off", "immediate", "daily"] as const;

/**
 * Settings → Notifications: the same schema for the form and the action. Locale and time zone
 * are Account → Dates and numbers' (DisplayPrefsSchema, saveDisplayPrefsAction).
 */
export const AlertEmailsSchema = z.object({ alertEmails: z.enum(ALERT_EMAIL_MODES) });

/** One row holds both screens' choices; each saves its own fields. Empty locale or zone: the browser's. */
export type PreferencesInput = z.output<typeof AlertEmailsSchema> & z.output<typeof DisplayPrefsSchema>;

export type Preferences = {
  alertEmails: (typeof ALERT_EMAIL_MODES)[number];
  locale: string | null;
  timeZone: string | null;
};

export async function preferencesOf(prisma: PrismaClient, userId: string): Promise<Preferences> {
  const row = await prisma.userPreference.findUnique({ where: { userId } });
  return { alertEmails: row?.alertEmails ?? "immediate", locale: row?.locale ?? null, timeZone: row?.timeZone ?? null };
}

export async function savePreferences(
  prisma: PrismaClient,
  userId: string,
  input: Partial<PreferencesInput>,
): Promise<Preferences> {
  const data = {
    ...(input.alertEmails ? { alertEmails: input.alertEmails } : {}),
    ...(input.locale !== undefined ? { locale: input.locale || null } : {}),
    ...(input.timeZone !== undefined ? { timeZone: input.timeZone || null } : {}),
  };
  await prisma.userPreference.upsert({ where: { userId }, create: { userId, ...data }, update: data });
  return preferencesOf(prisma, userId);
}

/** With no SMTP configured, alerts are in-app only; Settings says so. */
export function alertEmailsConfigured(): boolean {
  return Boolean(config().smtpUrl);
}
