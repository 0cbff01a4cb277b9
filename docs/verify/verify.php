<?php
// Verify Agency OS webhooks in PHP 7.4+, no extensions beyond the defaults.
//
//   WEBHOOK_SECRET='whsec_…' php -S 127.0.0.1:4000 verify.php
//
// answers 200 to genuine deliveries and 401 to anything else.

const TOLERANCE_SECONDS = 300; // refuse replays of old deliveries

function verify_agency_os_webhook(string $payload, ?string $timestamp, ?string $signature, ?string $previous, string $secret): bool
{
    if ($timestamp === null || $signature === null || !ctype_digit($timestamp)) {
        return false;
    }
    if (abs(time() - (int) $timestamp) > TOLERANCE_SECONDS) {
        return false;
    }
    // The documented rule: hash_hmac('sha256', $timestamp . $payload, $secret), compared in constant time.
    $expected = 'sha256=' . hash_hmac('sha256', $timestamp . $payload, $secret);
    // During a secret rotation the previous secret's signature comes in X-AOSAI-Signature-Previous.
    return hash_equals($expected, $signature) || ($previous !== null && hash_equals($expected, $previous));
}

$payload = file_get_contents('php://input'); // the raw body, before any json_decode
$secret = getenv('WEBHOOK_SECRET') ?: 'your_webhook_secret';
$valid = verify_agency_os_webhook(
    $payload,
    $_SERVER['HTTP_X_AOSAI_TIMESTAMP'] ?? null,
    $_SERVER['HTTP_X_AOSAI_SIGNATURE'] ?? null,
    $_SERVER['HTTP_X_AOSAI_SIGNATURE_PREVIOUS'] ?? null,
    $secret
);

if (!$valid) {
    http_response_code(401);
    echo 'invalid signature';
    exit;
}

$event = json_decode($payload, true);
// Use $event['id'] for idempotency: it is the same on every retry of this event.
error_log('verified ' . $event['event'] . ' ' . $event['id']);
http_response_code(200);
echo 'ok';
