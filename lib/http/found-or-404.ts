import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors/app-error.ts";

/** The page boundary: a domain NOT_FOUND (missing, or another agency's) renders the 404 page. */
export async function foundOr404<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
