"use server";

import { redirect } from "next/navigation";
import { fieldFailure, type ActionResult } from "@/lib/action-result.ts";
import { createFirstAgency, SetupSchema } from "@/lib/agencies/create-agency.ts";
import { signIn } from "@/lib/auth/auth.ts";
import { db } from "@/lib/db/index.ts";

export async function completeSetupAction(input: unknown): Promise<ActionResult> {
  const parsed = SetupSchema.safeParse(input);
  if (!parsed.success) return fieldFailure(parsed.error);
  const created = await createFirstAgency(await db(), parsed.data);
  if (!created.ok) return { ok: false, error: created.error };
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
  redirect("/");
}
