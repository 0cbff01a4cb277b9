/** The pages that show a webhook (the list, and its own page when given): refreshed after a change. */
export function webhookPages(webhookId?: string): string[] {
  return webhookId ? ["/settings/webhooks", `/settings/webhooks/${webhookId}`] : ["/settings/webhooks"];
}
