// Inngest's limits (inngest/inngest pkg/consts; the event size is Inngest Cloud's), enforced
// here with Inngest's own messages, so a function that works embedded does not fail on
// Cloud for a limit the embedded engine let through.

export const LIMITS = {
  stepsPerRun: 1_000,
  stepOutputBytes: 4 * 1024 * 1024,
  runStateBytes: 32 * 1024 * 1024,
  eventBytes: 256 * 1024,
  eventsPerSend: 5_000,
} as const;

export const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null));

/** Why a send is refused (the event API answers 400 with this), or null when it is within limits. */
export function sendLimitError(events: unknown[]): string | null {
  if (events.length > LIMITS.eventsPerSend) return `Cannot have more than ${LIMITS.eventsPerSend} events in a batch`;
  for (const event of events) {
    const size = jsonBytes(event);
    if (size > LIMITS.eventBytes)
      return `Event is over the max size: Max ${LIMITS.eventBytes} bytes / Size ${size} bytes`;
  }
  return null;
}

/** A run that fails at once, without retries (Inngest's "fail early" errors). */
export type OverflowError = { name: string; message: string };

export const stepLimitExceeded: OverflowError = {
  name: "InngestErrFunctionOverflowed",
  message: `The function run exceeded the step limit of ${LIMITS.stepsPerRun} steps.`,
};

export const stateLimitExceeded: OverflowError = {
  name: "InngestErrStateOverflowed",
  message: `The function run exceeded the state size limit of ${LIMITS.runStateBytes} bytes.`,
};

/** A step result over the limit is an error of that call: retried, then the run fails. */
export const STEP_OUTPUT_TOO_LARGE = "step output size is greater than the limit";
