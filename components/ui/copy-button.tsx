"use client";

import * as React from "react";
import { CheckIcon, CopyIcon } from "lucide-react";

import { cn } from "@/lib/utils";
import { Button, type ButtonProps } from "@/components/ui/button";

const COPIED_MS = 2000;

// navigator.clipboard only exists in secure contexts (https, localhost);
// fall back to a hidden textarea when the app is opened over plain http on a LAN.
async function writeToClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  document.body.appendChild(textarea);
  textarea.select();
  const ok = document.execCommand("copy");
  textarea.remove();
  if (!ok) throw new Error("Copy command was rejected");
}

type CopyButtonProps = Omit<ButtonProps, "value" | "children" | "asChild"> & {
  /** The text placed on the clipboard. */
  value: string;
  /** What is copied, for screen readers: "Copy {label}". Defaults to "to clipboard". */
  label?: string;
  /** Visible text next to the icon; icon-only when omitted. */
  children?: React.ReactNode;
  onCopied?: () => void;
};

function CopyButton({
  value,
  label,
  children,
  onCopied,
  onClick,
  variant = "ghost",
  size,
  className,
  ...props
}: CopyButtonProps) {
  const [status, setStatus] = React.useState<"idle" | "copied" | "failed">("idle");
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  React.useEffect(() => () => clearTimeout(timer.current), []);

  async function handleClick(event: React.MouseEvent<HTMLButtonElement>) {
    onClick?.(event);
    if (event.defaultPrevented) return;
    try {
      await writeToClipboard(value);
      setStatus("copied");
      onCopied?.();
    } catch {
      setStatus("failed");
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus("idle"), COPIED_MS);
  }

  const actionText = label ? `Copy ${label}` : "Copy to clipboard";
  const Icon = status === "copied" ? CheckIcon : CopyIcon;

  return (
    <>
      <Button
        type="button"
        variant={variant}
        size={size ?? (children ? "sm" : "icon")}
        data-slot="copy-button"
        data-copied={status === "copied" || undefined}
        className={cn(!children && size === undefined && "size-8", className)}
        onClick={handleClick}
        {...props}
      >
        <Icon aria-hidden="true" />
        {children}
        {!children && <span className="sr-only">{actionText}</span>}
      </Button>
      {/* Outside the button: a button's children are presentational, so a live
          region inside it would never be announced. The button name stays stable. */}
      <span role="status" className="sr-only">
        {status === "copied" ? "Copied" : status === "failed" ? "Could not copy" : ""}
      </span>
    </>
  );
}

export { CopyButton, type CopyButtonProps };
