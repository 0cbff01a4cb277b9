"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AgencyLogQuery } from "@/lib/webhooks/logs/agency-log-query.ts";
import type { AgencyDeliveryPage } from "@/lib/webhooks/logs/list-agency-deliveries.ts";
import { fetchJson } from "./fetch-json.ts";
import { POLL_MS } from "./use-deliveries.ts";

export function agencyLogParams(query: Partial<AgencyLogQuery>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== "") out.set(key, String(value));
  return out;
}

/** One page of the agency-wide log; polls while a delivery on it is still pending. */
export function useAgencyDeliveries(query: Partial<AgencyLogQuery>) {
  return useQuery({
    queryKey: ["webhooks", "all-deliveries", query],
    queryFn: () => fetchJson<AgencyDeliveryPage>(`/api/webhooks/deliveries?${agencyLogParams(query)}`),
    placeholderData: keepPreviousData,
    retry: false,
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === "pending") ? POLL_MS : false),
  });
}
