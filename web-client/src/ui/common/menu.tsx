import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';

export interface MenuItem {
  label: string;
  testid: string;
  icon?: ComponentChildren;
  danger?: boolean;
  onSelect(): void;
}

interface OpenMenu {
  x: number;
  y: number;
  items: MenuItem[];
  /** focus goes back here when the menu closes */
  opener: HTMLElement | null;
}

const open = signal<OpenMenu | null>(null);

/**
 * Opens a context menu at the pointer, or under the element when the menu key or Shift+F10 fired the event (those
 * report no pointer position).
 */
export function showContextMenu(event: MouseEvent, items: MenuItem[]): void {
  event.preventDefault();
  const opener = event.currentTarget instanceof HTMLElement ? event.currentTarget : null;
  let { clientX: x, clientY: y } = event;
  if (x === 0 && y === 0 && opener) {
    const rect = opener.getBoundingClientRect();
    x = rect.left + 24;
    y = rect.bottom - 4;
  }
  open.value = { x, y, items, opener };
}

export function closeContextMenu(restoreFocus = false): void {
  const menu = open.value;
  open.value = null;
  if (restoreFocus) menu?.opener?.focus();
}

export function ContextMenuHost() {
  const menu = open.value;
  return menu ? <ContextMenu menu={menu} /> : null;
}

function ContextMenu({ menu }: { menu: OpenMenu }) {
  const ref = useRef<HTMLDivElement>(null);

  // keep the menu inside the viewport, then focus the first item for keyboard users
  useLayoutEffect(() => {
    const el = ref.current!;
    const margin = 8;
    const { width, height } = el.getBoundingClientRect();
    el.style.left = `${Math.max(margin, Math.min(menu.x, window.innerWidth - width - margin))}px`;
    el.style.top = `${Math.max(margin, Math.min(menu.y, window.innerHeight - height - margin))}px`;
    el.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
  }, [menu]);

  useEffect(() => {
    const outside = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) closeContextMenu();
    };
    const dismiss = () => closeContextMenu();
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('resize', dismiss);
    window.addEventListener('blur', dismiss);
    document.addEventListener('scroll', dismiss, true);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('resize', dismiss);
      window.removeEventListener('blur', dismiss);
      document.removeEventListener('scroll', dismiss, true);
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...ref.current!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      closeContextMenu(true);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(index + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      move(index - 1);
    } else if (e.key === 'Home') {
      e.preventDefault();
      move(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      move(items.length - 1);
    }
  };

  return (
    <div ref={ref} class="menu" role="menu" aria-label={t('menu.label')} onKeyDown={onKeyDown}>
      {menu.items.map((item) => (
        <button
          key={item.testid}
          type="button"
          role="menuitem"
          class={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
          data-testid={item.testid}
          onClick={() => {
            closeContextMenu(true);
            item.onSelect();
          }}
        >
          {item.icon}
          <span>{item.label}</span>
        </button>
      ))}
    </div>
  );
}
