"use client";

import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";
import { useTheme } from "next-themes";

/**
 * The OpenAPI document, rendered by Scalar (a maintained renderer, not ours). Offline-safe: no
 * web fonts, no telemetry, no AI chat; "Try it" calls go from the browser to this app with the key you enter.
 */
export function ApiReference() {
  // Scalar has its own light and dark: it follows the app's theme, not a toggle of its own.
  const { resolvedTheme } = useTheme();
  return (
    <div className="min-w-0 rounded-lg border" data-testid="api-reference">
      <ApiReferenceReact
        configuration={{
          url: "/api/v1/openapi.json",
          withDefaultFonts: false,
          telemetry: false,
          showDeveloperTools: "never",
          hideDarkModeToggle: true,
          forceDarkModeState: resolvedTheme === "dark" ? "dark" : "light",
          // Its AI chat would send the document to a third party: off.
          agent: { disabled: true },
        }}
      />
    </div>
  );
}
