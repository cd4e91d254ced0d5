import type { ReactNode } from "react";

export interface ErrorAlertProps {
  title?: string;
  children?: ReactNode;
  actions?: ReactNode;
}

/** An error the user must notice: role="alert" so assistive technology reads it at once. */
export function ErrorAlert({ title, children, actions }: ErrorAlertProps) {
  return (
    <div className="onflex-alert" data-part="error">
      <div role="alert">
        {title ? <p className="onflex-alert-title">{title}</p> : null}
        {children ? <div className="onflex-alert-body">{children}</div> : null}
      </div>
      {actions ? <div className="onflex-actions">{actions}</div> : null}
    </div>
  );
}
