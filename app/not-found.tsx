import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-muted-foreground">It may have been deleted, or it belongs to another agency.</p>
      <Link href="/" className="text-sm font-medium underline underline-offset-4">
        Back to Agency OS
      </Link>
    </main>
  );
}
