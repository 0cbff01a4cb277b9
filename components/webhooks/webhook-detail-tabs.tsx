"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs.tsx";
import type { EventType } from "@/lib/webhooks/event-catalog.ts";
import { DeliveryLog } from "./delivery-log.tsx";
import { TestPanel } from "./test-panel.tsx";

type Props = { webhookId: string; events: EventType[]; active: boolean };

/** Logs and Test; the tab lives in the URL (?tab=test) so the list's row actions can link to it. */
export function WebhookDetailTabs({ webhookId, events, active }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const tab = params.get("tab") === "test" ? "test" : "logs";
  return (
    <Tabs
      className="min-w-0"
      value={tab}
      onValueChange={(v) => router.replace(`${pathname}?tab=${v}`, { scroll: false })}
    >
      <TabsList>
        <TabsTrigger value="logs">Logs</TabsTrigger>
        <TabsTrigger value="test">Test</TabsTrigger>
      </TabsList>
      <TabsContent value="logs" className="min-w-0 pt-4">
        <DeliveryLog webhookId={webhookId} canRetry={active} />
      </TabsContent>
      <TabsContent value="test" className="min-w-0 pt-4">
        <TestPanel webhookId={webhookId} subscribed={events} active={active} />
      </TabsContent>
    </Tabs>
  );
}
