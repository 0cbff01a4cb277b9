import { spawn, type ChildProcess } from "node:child_process";

/** A long-running command (npm run dev, npm run receiver) in its own process group, its output kept. */
export type Command = {
  child: ChildProcess;
  output(): string;
  /** Resolves with the output once it matches, or throws when the command exits or time runs out. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
};

export function startCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv): Command {
  const child = spawn(cmd, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c));
  child.stderr!.on("data", (c: Buffer) => (out += c));
  return {
    child,
    output: () => out,
    waitFor: async (pattern, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(out)) {
        if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(" ")} exited (${child.exitCode}):\n${out}`);
        if (Date.now() > deadline)
          throw new Error(`no ${pattern} from ${cmd} ${args.join(" ")} in ${timeoutMs} ms:\n${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return out;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        process.kill(-child.pid!, "SIGTERM");
      }),
  };
}

/** Runs a command to its end. */
export function runCommand(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
