import { AlertTriangle } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert.tsx";
import { LocalDateTime } from "@/components/app/local-format.tsx";

type Props = { webhookId: string; failingSince: string; disableAt: string; lastError: string | null };

/** On the endpoint's page while its deliveries fail: since when, why, and when it will be paused. */
export function EndpointFailingBanner({ webhookId, failingSince, disableAt, lastError }: Props) {
  return (
    <Alert variant="destructive" data-testid="failing-banner" aria-labelledby="failing-banner-title">
      <AlertTriangle aria-hidden />
      <AlertTitle id="failing-banner-title" role="heading" aria-level={2}>
        This webhook is failing
      </AlertTitle>
      <AlertDescription>
        <p>
          Every delivery since <LocalDateTime iso={failingSince} /> has failed
          {lastError ? (
            <>
              . Last error: <span className="font-medium">{lastError}</span>
            </>
          ) : null}
          .
        </p>
        <p>
          Unless a delivery succeeds, it is disabled automatically on <LocalDateTime iso={disableAt} />. Fix the
          receiver, then use Retry Failed in the log.
        </p>
        <Link
          href={`/settings/webhooks/${webhookId}?tab=logs`}
          className="font-medium underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-ring"
        >
          View Logs
        </Link>
      </AlertDescription>
    </Alert>
  );
}
