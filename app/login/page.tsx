import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form.tsx";
import { AuthCard } from "@/components/auth/auth-card.tsx";
import { isFirstRun } from "@/lib/agencies/create-agency.ts";
import { currentContext } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/index.ts";

// Depends on the database and the session: never prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in · Agency OS" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await isFirstRun(await db())) redirect("/setup");
  if (await currentContext()) redirect("/");
  const { callbackUrl } = await searchParams;
  return (
    <AuthCard title="Sign in to Agency OS" description="Use the email and password of your agency account.">
      <LoginForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
