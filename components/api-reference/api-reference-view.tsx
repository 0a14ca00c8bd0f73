"use client";

import "@scalar/api-reference-react/style.css";
import { ApiReferenceReact, type AnyApiReferenceConfiguration } from "@scalar/api-reference-react";
import { useTheme } from "next-themes";
import { useMemo } from "react";
import { useHydrated } from "@/components/shell/use-hydrated";

/**
 * Scalar's surfaces in the console's own colours (app/globals.css). Only on the themed root (Scalar puts
 * light-mode / dark-mode on <body>): its always-dark code panels are nested .dark-mode regions and keep
 * their own colours. Its faintest text and its POST / DELETE method colours fall below 4.5:1 contrast,
 * so they are darkened (light) or lightened (dark) here.
 */
const CONSOLE_COLOURS = `
body.light-mode, body.dark-mode {
  --scalar-background-1: var(--background);
  --scalar-color-1: var(--foreground);
  --scalar-color-2: color-mix(in oklch, var(--foreground) 45%, var(--muted-foreground));
  --scalar-color-3: var(--muted-foreground);
  --scalar-border-color: var(--border);
}
body.light-mode {
  --scalar-color-accent: var(--primary);
  --scalar-color-green: oklch(0.5 0.13 155);
  --scalar-color-red: oklch(0.5 0.2 25);
}
/* Dark --primary is tuned for fills; as text it needs the lighter ring tone (as the console's links). */
body.dark-mode {
  --scalar-color-accent: var(--ring);
  --scalar-color-red: oklch(0.7 0.17 25);
}`;

/**
 * The OpenAPI document rendered by Scalar, configured to stay inside the console's
 * Content-Security-Policy (lib/server/security-headers.ts): no fonts from Scalar's CDN
 * (the console's own fonts are used), no telemetry, no request proxy or Scalar services,
 * and "try it" requests go straight to this origin. It follows the console's theme
 * rather than offering a toggle of its own.
 */
export function ApiReferenceView({ specUrl, baseUrl }: { specUrl: string; baseUrl: string }) {
  const { resolvedTheme } = useTheme();
  const hydrated = useHydrated();
  const dark = resolvedTheme === "dark";

  const configuration = useMemo<AnyApiReferenceConfiguration>(
    () => ({
      url: specUrl,
      // The document's paths are relative: examples and "Test Request" use the console's public URL.
      baseServerURL: baseUrl,
      theme: "default",
      withDefaultFonts: false,
      telemetry: false,
      hideDarkModeToggle: true,
      forceDarkModeState: dark ? "dark" : "light",
      darkMode: dark,
      showDeveloperTools: "never",
      // The sidebar's "Open API Client" leads to client.scalar.com; "Test Request" stays, on this origin.
      hideClientButton: true,
      documentDownloadType: "json",
      mcp: { disabled: true },
      // Scalar's AI chat sends the document to Scalar's servers (and is on by default on localhost).
      agent: { disabled: true },
      customCss: CONSOLE_COLOURS,
      metaData: { title: "API reference · Gatehouse" },
    }),
    [specUrl, baseUrl, dark],
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
