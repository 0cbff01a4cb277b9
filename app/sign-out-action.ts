"use server";

import { signOut } from "@/lib/auth/auth.ts";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
