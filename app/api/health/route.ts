import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/server/health.ts";

// Public on purpose (load balancers, `npm run emit`): it says whether parts work, nothing more.
export async function GET() {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503 });
}
