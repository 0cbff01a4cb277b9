import { serveHandler } from "@/inngest/serve.ts";

export const { GET, POST, PUT } = serveHandler;
