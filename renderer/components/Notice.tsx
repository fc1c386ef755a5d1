import type { ReactNode } from 'react';

/** A live status line (loading, done): announced politely by screen readers. */
export function StatusNotice({ children, busy = false }: { readonly children: ReactNode; readonly busy?: boolean }) {
  return (
    <div className="notice notice--status" role="status" aria-busy={busy}>
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      <div>{children}</div>
    </div>
  );
}

/** An error that needs attention: what happened, and (in `children`) what to do. */
export function ErrorNotice({ title, message, where, children }: { readonly title: string; readonly message: string; readonly where?: string | undefined; readonly children?: ReactNode }) {
  return (
    <div className="notice notice--error" role="alert">
      <strong className="notice__title">{title}</strong>
      <p className="notice__message">{message}</p>
      {where ? <p className="notice__where">About: {where}</p> : null}
      {children}
    </div>
  );
}
