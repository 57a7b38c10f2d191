import type { ComponentChildren } from 'preact';
import { ApiError } from '../api';
import { t } from '../i18n';

/** Announced politely to screen readers while something loads. */
export function Loading({ what = t('status.loading') }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what}
    </p>
  );
}

/**
 * Shows why something failed: the problem's title and detail (and request id to quote), or a
 * plain message for errors that are not API problems. Field errors are left to the fields.
 */
export function ProblemNotice({ error, fields = [] }: { error: unknown; fields?: readonly string[] }) {
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div class="notice notice-error" role="alert">
        <strong>{t('status.wentWrong')}</strong> {error instanceof Error ? error.message : String(error)}
      </div>
    );
  }
  // Field errors for fields that the form does not show still need saying somewhere.
  const unshown = Object.entries(error.fieldErrors).filter(([field]) => !fields.includes(field));
  return (
    <div class="notice notice-error" role="alert">
      <strong>{error.title}.</strong>{' '}
      {Object.keys(error.fieldErrors).length > unshown.length
        ? t('status.correctFields')
        : (error.detail ?? '')}
      {unshown.length > 0 && (
        <ul class="notice-list">
          {unshown.map(([field, message]) => (
            <li key={field}>
              {field}: {message}
            </li>
          ))}
        </ul>
      )}
      {error.status >= 500 && error.requestId && (
        <p class="muted">{t('status.requestId', { id: error.requestId })}</p>
      )}
    </div>
  );
}

/** What a list says when it has nothing to show, and what one can do about it. */
export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p class="empty-title">{title}</p>
      {children && <div class="muted">{children}</div>}
    </div>
  );
}

/** A success message that screen readers announce. */
export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice notice-success" role="status">
      {children}
    </div>
  );
}
