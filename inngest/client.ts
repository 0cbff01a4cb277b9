import { Inngest } from "inngest";

// Placeholder shape; the embedded-engine work configures how events reach the engine.
export const inngest = new Inngest({ id: "agency-os-webhooks" });
