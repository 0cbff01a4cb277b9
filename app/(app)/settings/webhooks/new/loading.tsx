export { WebhookFormSkeleton as default } from "@/components/webhooks/webhook-form-skeleton.tsx";
