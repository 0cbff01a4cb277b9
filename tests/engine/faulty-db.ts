import type { PrismaClient } from "@/lib/db/index.ts";

// Faults between the engine and its real database: statements matching a pattern are held
// back (a stalled network or a frozen connection looks exactly like this to the engine) or
// fail once with an error PostgreSQL really raised. Everything else goes straight through.

type Rule = { pattern: RegExp; stall?: () => Promise<void>; failOnce?: unknown };

export type FaultyDb = {
  prisma: PrismaClient;
  /** Holds back matching statements until `release()`; counts those in flight. */
  stall(pattern: RegExp): { release(): void; inFlight(): number; maxInFlight(): number; calls(): number };
  /** The next matching statement fails with `error` (then the rule is gone). */
  failOnce(pattern: RegExp, error: unknown): { fired(): boolean };
};

export function faultyDb(real: PrismaClient): FaultyDb {
  const rules: Rule[] = [];
  const intercept =
    (method: "$queryRawUnsafe" | "$executeRawUnsafe") =>
    (sql: string, ...params: unknown[]) => {
      const rule = rules.find((r) => r.pattern.test(sql));
      const call = () => (real[method] as (s: string, ...p: unknown[]) => Promise<unknown>)(sql, ...params);
      if (!rule) return call();
      if (rule.failOnce !== undefined) {
        rules.splice(rules.indexOf(rule), 1);
        const error = rule.failOnce;
        return Promise.reject(error);
      }
      return rule.stall!().then(call);
    };
  const prisma = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === "$queryRawUnsafe" || prop === "$executeRawUnsafe") return intercept(prop);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    prisma,
    stall(pattern) {
      let open = false;
      const waiting: (() => void)[] = [];
      let inFlight = 0;
      let max = 0;
      let calls = 0;
      const rule: Rule = {
        pattern,
        stall: async () => {
          calls++;
          inFlight++;
          max = Math.max(max, inFlight);
          if (!open) await new Promise<void>((r) => waiting.push(r));
          inFlight--;
        },
      };
      rules.push(rule);
      return {
        release() {
          open = true;
          rules.splice(rules.indexOf(rule), 1);
          for (const w of waiting.splice(0)) w();
        },
        inFlight: () => inFlight,
        maxInFlight: () => max,
        calls: () => calls,
      };
    },
    failOnce(pattern, error) {
      const rule: Rule = { pattern, failOnce: error };
      rules.push(rule);
      return { fired: () => !rules.includes(rule) };
    },
  };
}
