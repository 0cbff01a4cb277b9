import type { LookupAddress, LookupOptions } from "node:dns";
import { BlockedAddressError, checkResolvedHost, type GuardOptions } from "./url-guard.ts";

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls.connect: resolve once, judge every address, and hand the socket
 * only addresses that passed. The connection goes to exactly what was checked, so a DNS
 * answer that changes between check and connect (rebinding) cannot reach a private host.
 */
export function createPinnedLookup(opts: GuardOptions) {
  return function pinnedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    checkResolvedHost(hostname, opts).then(
      (result) => {
        if (!Array.isArray(result)) {
          const err: NodeJS.ErrnoException =
            result.reason === "ssrf"
              ? new BlockedAddressError(result.message)
              : Object.assign(new Error(result.message), { code: "ENOTFOUND" });
          callback(err, "", 0);
          return;
        }
        const wanted =
          options.family === 4 || options.family === 6 ? result.filter((a) => a.family === options.family) : result;
        const list = wanted.length > 0 ? wanted : result;
        if (options.all)
          callback(
            null,
            list.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, list[0].address, list[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}
