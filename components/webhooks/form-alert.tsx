/** A form-level error. Polite live region: Next's route announcer already owns role="alert". */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  // Plain background: destructive text on a red tint falls short of 4.5:1 contrast.
  return (
    <p
      data-testid="form-error"
      aria-live="polite"
      className="rounded-md border border-destructive bg-background px-3 py-2 text-sm font-medium text-destructive"
    >
      {message}
    </p>
  );
}
