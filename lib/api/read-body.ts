import { AppError } from "@/lib/errors/app-error.ts";
import { assertStorable } from "@/lib/validation/storable-input.ts";

/** The body as text, read no further than `maxBytes`: a declared or streamed 1 GB body is refused early. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError(
      "TOO_LARGE",
      `The request body is over ${Math.round(maxBytes / 1024)} KB, the limit for this operation.`,
    );
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * JSON or a clear 400; an empty body is `undefined` (the schema decides whether that is
 * allowed). A string PostgreSQL cannot store (NUL, a lone surrogate, which JSON can spell as
 * \u0000 and \ud800) is a 400 naming its field.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The body must be JSON.", { body: ["not valid JSON"] });
  }
  assertStorable(value);
  return value;
}
