// Vitest setup: what the server's start-up does before anything reads a generated secret.
import { prepareLocalSecrets } from "@/lib/config/index.ts";

prepareLocalSecrets();
