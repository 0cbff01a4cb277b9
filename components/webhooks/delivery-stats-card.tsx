import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card.tsx";
import type { DeliveryStats, WindowStats } from "@/lib/webhooks/logs/delivery-stats.ts";
import { DeliveryChart } from "./delivery-chart.tsx";
import { LocalDuration, LocalPercent } from "@/components/app/local-format.tsx";

function Window({ title, stats, testId }: { title: string; stats: WindowStats; testId: string }) {
  return (
    <div className="grid gap-1" data-testid={testId}>
      <h3 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">{title}</h3>
      <dl className="grid grid-cols-3 gap-2">
        <div>
          <dt className="text-xs text-muted-foreground">Success rate</dt>
          <dd className="text-lg font-semibold tabular-nums">
            <LocalPercent rate={stats.successRate} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted-foreground">p50</dt>
          <dd className="text-lg font-semibold tabular-nums">
            <LocalDuration ms={stats.p50Ms} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted-foreground">p95</dt>
          <dd className="text-lg font-semibold tabular-nums">
            <LocalDuration ms={stats.p95Ms} />
          </dd>
        </div>
      </dl>
      <p className="text-xs text-muted-foreground">
        {stats.succeeded} of {stats.attempts} attempts succeeded
      </p>
    </div>
  );
}

/** Endpoint health: success rate and p50/p95 attempt duration over 24 h and 7 days (tests excluded). */
export function DeliveryStatsCard({ stats }: { stats: DeliveryStats }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h2>Delivery statistics</h2>
        </CardTitle>
        <CardDescription>Every delivery attempt except tests.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Window title="Last 24 hours" stats={stats.last24h} testId="stats-24h" />
          <Window title="Last 7 days" stats={stats.last7d} testId="stats-7d" />
        </div>
        <DeliveryChart days={stats.days} />
      </CardContent>
    </Card>
  );
}
