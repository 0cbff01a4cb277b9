import * as React from "react";

import { cn } from "@/lib/utils";
import { CopyButton } from "@/components/ui/copy-button";

type CodeBlockProps = Omit<React.ComponentProps<"div">, "children"> & {
  code: string;
  /** Shown as a caption, e.g. "json" or "bash"; no syntax highlighting. */
  language?: string;
  /** Names the block for screen readers and the copy button, e.g. "Example payload". */
  label?: string;
  /** Hide the copy button (e.g. for secrets shown elsewhere with their own control). */
  copyable?: boolean;
};

/** Preformatted code that scrolls sideways instead of overflowing small screens. */
function CodeBlock({ code, language, label, copyable = true, className, ...props }: CodeBlockProps) {
  const name = label ?? (language ? `${language} code` : "code");
  return (
    <div
      data-slot="code-block"
      className={cn("relative min-w-0 rounded-md border bg-muted text-sm", className)}
      {...props}
    >
      {language && (
        <div
          data-slot="code-block-language"
          className="border-b px-3 py-1.5 pr-12 font-mono text-xs text-muted-foreground"
        >
          {language}
        </div>
      )}
      {/* Focusable so keyboard users can scroll long lines (axe: scrollable-region-focusable);
          role="group" because aria-label is not allowed on a bare <pre>. */}
      <pre
        tabIndex={0}
        role="group"
        aria-label={name}
        className={cn(
          "overflow-x-auto rounded-md p-3 font-mono text-[13px] leading-relaxed whitespace-pre outline-hidden focus-visible:ring-[3px] focus-visible:ring-ring/50",
          copyable && !language && "pr-12",
        )}
      >
        <code>{code}</code>
      </pre>
      {copyable && (
        <CopyButton value={code} label={name} className="absolute top-1 right-1 bg-muted hover:bg-background" />
      )}
    </div>
  );
}

export { CodeBlock, type CodeBlockProps };
