"use client";

import * as React from "react";
import { Slot } from "radix-ui";

import { cn } from "@/lib/utils";
import { Label } from "@/components/ui/label";

type FieldContextValue = {
  controlId: string;
  descriptionId: string;
  errorId: string;
  invalid: boolean;
  hasDescription: boolean;
  hasErrorMessage: boolean;
  setHasDescription: (value: boolean) => void;
  setHasErrorMessage: (value: boolean) => void;
};

const FieldContext = React.createContext<FieldContextValue | null>(null);

/** Ids and state of the enclosing `<Field>`, or null outside one. */
function useField(): FieldContextValue | null {
  return React.useContext(FieldContext);
}

type FieldProps = React.ComponentProps<"div"> & {
  /** Id for the control; generated when omitted. */
  controlId?: string;
  /** Force the invalid state; otherwise it follows whether FieldError has a message. */
  invalid?: boolean;
  /** "horizontal" puts a checkbox or switch beside its label. */
  orientation?: "vertical" | "horizontal";
};

/**
 * Wires label, control, description and error together:
 * `<Field><FieldLabel/><FieldControl><Input/></FieldControl><FieldDescription/><FieldError errors={…}/></Field>`.
 */
function Field({ className, controlId, invalid, orientation = "vertical", ...props }: FieldProps) {
  const generatedId = React.useId();
  const id = controlId ?? generatedId;
  const [hasDescription, setHasDescription] = React.useState(false);
  const [hasErrorMessage, setHasErrorMessage] = React.useState(false);
  const isInvalid = invalid ?? hasErrorMessage;
  const value = React.useMemo<FieldContextValue>(
    () => ({
      controlId: id,
      descriptionId: `${id}-description`,
      errorId: `${id}-error`,
      invalid: isInvalid,
      hasDescription,
      hasErrorMessage,
      setHasDescription,
      setHasErrorMessage,
    }),
    [id, isInvalid, hasDescription, hasErrorMessage],
  );
  return (
    <FieldContext.Provider value={value}>
      <div
        data-slot="field"
        data-orientation={orientation}
        data-invalid={isInvalid || undefined}
        className={cn(
          "group/field flex w-full gap-2",
          orientation === "vertical" ? "flex-col" : "flex-row flex-wrap items-center",
          className,
        )}
        {...props}
      />
    </FieldContext.Provider>
  );
}

function FieldLabel({ className, htmlFor, ...props }: React.ComponentProps<typeof Label>) {
  const field = useField();
  return (
    <Label
      data-slot="field-label"
      htmlFor={htmlFor ?? field?.controlId}
      className={cn(
        "group-data-[invalid]/field:text-destructive group-data-[orientation=horizontal]/field:font-normal",
        className,
      )}
      {...props}
    />
  );
}

/** Passes id, aria-describedby and aria-invalid to its single child control. */
function FieldControl(props: React.ComponentProps<typeof Slot.Root>) {
  const field = useField();
  // No data-slot here: it would overwrite the child's own (e.g. "input").
  if (!field) return <Slot.Root {...props} />;
  const describedBy = [field.hasDescription && field.descriptionId, field.hasErrorMessage && field.errorId]
    .filter(Boolean)
    .join(" ");
  return (
    <Slot.Root
      id={field.controlId}
      aria-describedby={describedBy || undefined}
      aria-invalid={field.invalid || undefined}
      {...props}
    />
  );
}

function FieldDescription({ className, id, ...props }: React.ComponentProps<"p">) {
  const field = useField();
  const setHasDescription = field?.setHasDescription;
  React.useLayoutEffect(() => {
    setHasDescription?.(true);
    return () => setHasDescription?.(false);
  }, [setHasDescription]);
  return (
    <p
      data-slot="field-description"
      id={id ?? field?.descriptionId}
      className={cn("basis-full text-sm text-muted-foreground", className)}
      {...props}
    />
  );
}

type FieldErrorProps = Omit<React.ComponentProps<"div">, "children"> & {
  /** Messages, e.g. `fieldErrors.url` from a server action or zod issues. */
  errors?: ReadonlyArray<string | { message?: string } | null | undefined> | string | null;
  children?: React.ReactNode;
};

/**
 * Always rendered (empty when valid) so the polite live region exists before a
 * message appears. Deliberately not role="alert": Next's route announcer has it.
 */
function FieldError({ className, id, errors, children, ...props }: FieldErrorProps) {
  const field = useField();
  const list = typeof errors === "string" ? [errors] : (errors ?? []);
  const messages = [...new Set(list.map((e) => (typeof e === "string" ? e : e?.message)).filter(Boolean))] as string[];
  const content =
    children ??
    (messages.length > 1 ? (
      <ul className="ml-4 list-disc">
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    ) : (
      messages[0]
    ));
  const hasContent = content !== undefined && content !== null && content !== false;
  const setHasErrorMessage = field?.setHasErrorMessage;
  React.useLayoutEffect(() => {
    setHasErrorMessage?.(hasContent);
    return () => setHasErrorMessage?.(false);
  }, [setHasErrorMessage, hasContent]);
  return (
    <div
      data-slot="field-error"
      id={id ?? field?.errorId}
      aria-live="polite"
      className={cn(hasContent ? "basis-full text-sm text-destructive" : "sr-only", className)}
      {...props}
    >
      {hasContent ? content : null}
    </div>
  );
}

function FieldSet({ className, ...props }: React.ComponentProps<"fieldset">) {
  const field = useField();
  const describedBy = field
    ? [field.hasDescription && field.descriptionId, field.hasErrorMessage && field.errorId].filter(Boolean).join(" ")
    : "";
  return (
    <fieldset
      data-slot="field-set"
      aria-describedby={describedBy || undefined}
      className={cn("flex min-w-0 flex-col gap-3 border-0 p-0", className)}
      {...props}
    />
  );
}

function FieldLegend({ className, ...props }: React.ComponentProps<"legend">) {
  return <legend data-slot="field-legend" className={cn("mb-1 p-0 text-sm font-medium", className)} {...props} />;
}

export {
  Field,
  FieldLabel,
  FieldControl,
  FieldDescription,
  FieldError,
  FieldSet,
  FieldLegend,
  useField,
  type FieldProps,
  type FieldErrorProps,
};
