"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  logQueryToSearchParams,
  type DeliveryDetail,
  type DeliveryPage,
  type LogQuery,
} from "@/lib/webhooks/logs/log-query.ts";
import { fetchJson } from "./fetch-json.ts";

export const POLL_MS = 2_000;

export function deliveriesKey(webhookId: string) {
  return ["webhooks", webhookId, "deliveries"] as const;
}

/** One page of the log; polls while any delivery on it is still pending. */
export function useDeliveries(webhookId: string, query: Partial<LogQuery>) {
  return useQuery({
    queryKey: [...deliveriesKey(webhookId), query],
    queryFn: () => fetchJson<DeliveryPage>(`/api/webhooks/${webhookId}/deliveries?${logQueryToSearchParams(query)}`),
    placeholderData: keepPreviousData,
    retry: false,
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.status === "pending") ? POLL_MS : false),
  });
}

export function useDeliveryDetail(webhookId: string, deliveryId: string | null) {
  return useQuery({
    queryKey: [...deliveriesKey(webhookId), "detail", deliveryId],
    queryFn: () => fetchJson<DeliveryDetail>(`/api/webhooks/${webhookId}/deliveries/${deliveryId}`),
    enabled: deliveryId !== null,
    retry: false,
    refetchInterval: (q) => (q.state.data?.status === "pending" ? POLL_MS : false),
  });
}
