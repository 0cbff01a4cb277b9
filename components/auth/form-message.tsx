/** A form-level error. Polite live region: Next's route announcer already owns role="alert". */
export function FormMessage({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p
      data-testid="form-error"
      aria-live="polite"
      className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive"
    >
      {message}
    </p>
  );
}
