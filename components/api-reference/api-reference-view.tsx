"use client";

import "@scalar/api-reference-react/style.css";
import { ApiReferenceReact, type AnyApiReferenceConfiguration } from "@scalar/api-reference-react";
import { useTheme } from "next-themes";
import { useMemo } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";

/** Scalar's surfaces in the console's own colours (app/globals.css), in both themes. */
const CONSOLE_COLOURS = `
.light-mode, .dark-mode {
  --scalar-background-1: var(--background);
  --scalar-color-1: var(--foreground);
  --scalar-color-2: var(--muted-foreground);
  --scalar-border-color: var(--border);
}
.light-mode { --scalar-color-accent: var(--primary); }
/* Dark --primary is tuned for fills; as text it needs the lighter ring tone (as the console's links). */
.dark-mode { --scalar-color-accent: var(--ring); }`;

/**
 * The OpenAPI document rendered by Scalar, configured to stay inside the console's
 * Content-Security-Policy (lib/server/security-headers.ts): no fonts from Scalar's CDN
 * (the console's own fonts are used), no telemetry, no request proxy or Scalar services,
 * and "try it" requests go straight to this origin. It follows the console's theme
 * rather than offering a toggle of its own.
 */
export function ApiReferenceView({ specUrl }: { specUrl: string }) {
  const { resolvedTheme } = useTheme();
  const hydrated = useHydrated();
  const dark = resolvedTheme === "dark";

  const configuration = useMemo<AnyApiReferenceConfiguration>(
    () => ({
      url: specUrl,
      theme: "default",
      withDefaultFonts: false,
      telemetry: false,
      hideDarkModeToggle: true,
      forceDarkModeState: dark ? "dark" : "light",
      darkMode: dark,
      showDeveloperTools: "never",
      hideClientButton: false,
      documentDownloadType: "json",
      mcp: { disabled: true },
      // Scalar's AI chat sends the document to Scalar's servers (and is on by default on localhost).
      agent: { disabled: true },
      customCss: CONSOLE_COLOURS,
      metaData: { title: "API reference · Gatehouse" },
    }),
    [specUrl, dark],
  );

  // The theme is known only after hydration; rendering earlier would flash the wrong one.
  if (!hydrated) return <div className="min-h-[60vh]" aria-busy="true" />;
  return (
    // Scalar's sticky sidebar and phone header sit below the console's sticky header (h-14 and its border).
    <div data-testid="api-reference" style={{ "--scalar-custom-header-height": "57px" } as React.CSSProperties}>
      <ApiReferenceReact configuration={configuration} />
    </div>
  );
}
