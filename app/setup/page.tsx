import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card.tsx";
import { SetupForm } from "@/components/auth/setup-form.tsx";
import { isFirstRun } from "@/lib/agencies/create-agency.ts";
import { db } from "@/lib/db/index.ts";

// Depends on the database and the session: never prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Set up · Agency OS" };

// First run only: once any user exists this page sends visitors to sign in.
export default async function SetupPage() {
  if (!(await isFirstRun(await db()))) redirect("/login");
  return (
    <AuthCard title="Welcome to Agency OS" description="Create your agency and its owner account to get started.">
      <SetupForm />
    </AuthCard>
  );
}
