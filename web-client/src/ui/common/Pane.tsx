import type { ComponentChildren } from 'preact';

/** Header of a list pane: title, an optional count line and actions at the end. */
export function PaneHeader({ title, subtitle, children }: { title: string; subtitle?: string; children?: ComponentChildren }) {
  return (
    <header class="pane-header">
      <div class="pane-heading">
        <h2 class="pane-title">{title}</h2>
        {subtitle && <p class="pane-subtitle">{subtitle}</p>}
      </div>
      {children && <div class="pane-actions">{children}</div>}
    </header>
  );
}

export function EmptyState({ icon, title, body, children }: { icon: ComponentChildren; title: string; body?: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <span class="empty-icon">{icon}</span>
      <p class="empty-title">{title}</p>
      {body && <p class="empty-body">{body}</p>}
      {children}
    </div>
  );
}
