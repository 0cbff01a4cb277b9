/** The headers of every delivery (docs/verifying-signatures.md), described once for the OpenAPI and AsyncAPI documents. */
export const RECEIVER_HEADERS: { name: string; required: boolean; description: string; example: string }[] = [
  {
    name: "X-AOSAI-Signature",
    required: true,
    description:
      "`sha256=` + lowercase hex of HMAC-SHA256 keyed with the secret string exactly as shown (`whsec_…`), over X-AOSAI-Timestamp followed by the raw body.",
    example: "sha256=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd",
  },
  {
    name: "X-AOSAI-Timestamp",
    required: true,
    description: "Unix time in seconds: the string that was signed. Refuse values far from your clock.",
    example: "1774958400",
  },
  { name: "X-AOSAI-Event", required: true, description: "The event type.", example: "invoice.paid" },
  {
    name: "X-AOSAI-Event-Id",
    required: true,
    description: "The event's ID, the same for every endpoint and retry: use it to ignore repeats.",
    example: "evt_01jqexample0000000000000000",
  },
  {
    name: "X-AOSAI-Delivery",
    required: true,
    description: "The delivery's ID (one per event and endpoint).",
    example: "dlv_01jqexample0000000000000000",
  },
  {
    name: "X-AOSAI-Attempt",
    required: true,
    description: "1 for the first try, 2 for the first retry, …",
    example: "1",
  },
  {
    name: "X-AOSAI-Signature-Previous",
    required: false,
    description: "Only while a rotated secret overlaps: the same signature made with the previous secret.",
    example: "sha256=0c9d…",
  },
  {
    name: "webhook-id",
    required: true,
    description: "Standard Webhooks: the event's ID.",
    example: "evt_01jqexample0000000000000000",
  },
  { name: "webhook-timestamp", required: true, description: "Standard Webhooks: Unix seconds.", example: "1774958400" },
  {
    name: "webhook-signature",
    required: true,
    description:
      "Standard Webhooks: `v1,` + base64 HMAC-SHA256 over `id.timestamp.body`, keyed with the base64-decoded part of the secret after `whsec_`; one signature per valid secret, space-separated, during a rotation.",
    example: "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
  },
];
