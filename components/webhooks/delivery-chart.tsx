import type { DayBucket } from "@/lib/webhooks/logs/delivery-stats.ts";

const W = 280;
const H = 96;
const GAP = 8;

/** Seven daily bars (succeeded stacked on failed attempts); a table says the same for screen readers. */
export function DeliveryChart({ days }: { days: DayBucket[] }) {
  const max = Math.max(1, ...days.map((d) => d.succeeded + d.failed));
  const barW = (W - GAP * (days.length - 1)) / days.length;
  const scale = (n: number) => (n / max) * (H - 16);
  return (
    <figure className="grid gap-2">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-24 w-full" aria-hidden="true" preserveAspectRatio="none">
        {days.map((d, i) => {
          const x = i * (barW + GAP);
          const okH = scale(d.succeeded);
          const failH = scale(d.failed);
          return (
            <g key={d.day}>
              <rect x={x} y={H - 2} width={barW} height={2} className="fill-muted" />
              <rect x={x} y={H - okH} width={barW} height={okH} rx={2} className="fill-success" />
              <rect x={x} y={H - okH - failH} width={barW} height={failH} rx={2} className="fill-destructive" />
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap items-center gap-3 text-xs text-muted-foreground">
        <span>Attempts per day, last 7 days (UTC)</span>
        <span className="flex items-center gap-1">
          <span className="size-2 rounded-sm bg-success" aria-hidden /> succeeded
        </span>
        <span className="flex items-center gap-1">
          <span className="size-2 rounded-sm bg-destructive" aria-hidden /> failed
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>Attempts per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Succeeded</th>
            <th scope="col">Failed</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.succeeded}</td>
              <td>{d.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
