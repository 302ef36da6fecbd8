const PALETTE = 8;

function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h % PALETTE;
}

/** A coloured initial; the colour is stable per username so people are recognisable at a glance. */
export function Avatar({ name, size = 'md' }: { name: string; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  const initial = [...name][0]?.toUpperCase() ?? '?';
  return (
    <span class={`avatar avatar-${size} avatar-c${hue(name)}`} aria-hidden="true">
      {initial}
    </span>
  );
}
