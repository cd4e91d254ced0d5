import type { ButtonHTMLAttributes } from "react";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: "primary" | "secondary" | "link";
  /** Marks an in-flight action without removing the button from the tab order. */
  busy?: boolean;
}

export function Button({ variant = "primary", busy = false, type = "button", className, ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={className ? `onflex-button ${className}` : "onflex-button"}
      data-variant={variant}
      data-busy={busy || undefined}
      aria-busy={busy || undefined}
      {...props}
    />
  );
}
