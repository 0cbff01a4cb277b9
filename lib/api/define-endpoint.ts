import type { z } from "zod";
import type { ApiScope } from "@/lib/api-keys/api-key-scopes.ts";

export type HttpMethod = "get" | "post" | "patch" | "delete";
type AnyObject = z.ZodObject<z.ZodRawShape>;

/**
 * Headers an operation's success may carry besides the rate-limit ones, each with its description
 * for the OpenAPI document; the handler sets their values (ApiContext.setHeader).
 */
export type SuccessHeaders = { Location?: string };

/**
 * One operation of /api/v1, described once: its route handler parses with these schemas and the
 * OpenAPI document is generated from them, so the two cannot drift apart.
 */
export type Endpoint<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
  H extends SuccessHeaders | undefined = SuccessHeaders | undefined,
> = {
  method: HttpMethod;
  /** OpenAPI form, under /api/v1: `/webhooks/{id}`. */
  path: string;
  operationId: string;
  tag: "Webhooks" | "Deliveries" | "Events" | "Event types" | "Documents";
  summary: string;
  description?: string;
  /** The scope a key needs; `public` needs no key; `event-key` takes the key from the path (Inngest). */
  access: ApiScope | "public" | "event-key";
  params?: P;
  query?: Q;
  body?: B;
  /** Bodies over this are refused with 413 before they are read to the end. Default 64 KB. */
  maxBodyBytes?: number;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: R; headers?: H };
  /** Statuses this operation can answer besides the common ones (400, 401, 403, 413, 429). */
  errors?: (404 | 409)[];
};

export function defineEndpoint<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
  H extends SuccessHeaders | undefined = undefined,
>(endpoint: Endpoint<P, Q, B, R, H>): Endpoint<P, Q, B, R, H> {
  return endpoint;
}
