// Prisma 7 does not read .env by itself.
import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: {
    // The CLI needs a URL only for migrate/studio; the app uses DATABASE_URL or its embedded PostgreSQL.
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/agency_os",
  },
});
