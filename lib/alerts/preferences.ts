import { z } from "zod";
import type { PrismaClient } from "@/lib/db/generated/client.ts";
import { config } from "@/lib/config/index.ts";
import { safeLocale, safeTimeZone } from "@/lib/i18n/format.ts";

export const ALERT_EMAIL_MODES = ["off", "immediate", "daily"] as const;

/** The same schema for the form and the action. Empty locale or zone: the browser's. */
export const PreferencesSchema = z.object({
  alertEmails: z.enum(ALERT_EMAIL_MODES),
  locale: z
    .string()
    .trim()
    .max(35)
    .refine((v) => v === "" || safeLocale(v) !== undefined, {
      message: "Not a language this browser knows, e.g. en-GB",
    }),
  timeZone: z
    .string()
    .trim()
    .max(64)
    .refine((v) => v === "" || safeTimeZone(v) !== undefined, {
      message: "Not a time zone, e.g. Europe/Berlin",
    }),
});
export type PreferencesInput = z.infer<typeof PreferencesSchema>;

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
