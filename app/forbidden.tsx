import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-medium text-muted-foreground">403</p>
      <h1 className="text-2xl font-semibold">You don’t have access to this page</h1>
      <p className="text-muted-foreground">
        Only agency owners and admins can manage webhooks. Ask an admin of your agency if you need access.
      </p>
      <Link href="/" className="text-sm font-medium underline underline-offset-4">
        Back to Agency OS
      </Link>
    </main>
  );
}
