import { useEffect, useRef } from 'preact/hooks';
import { waveform } from '../../media/voice';
import './call.css';

interface Props {
  /** the microphone (or any audio) stream to show; nothing is drawn without one */
  stream: MediaStream | null;
  label: string;
  testid?: string;
  class?: string;
  bars?: number;
}

/**
 * A live waveform of an audio stream, drawn on a canvas (no inline styles: the CSP forbids them). The bar colour is
 * the canvas's CSS `color`, so the stylesheet themes it. `data-level` carries the current peak (0…1, two decimals), a
 * cheap way for tests and diagnostics to see that sound arrives.
 */
export function Waveform({ stream, label, testid, class: className, bars = 28 }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const g = canvas.getContext('2d');
    if (!g) return;
    const heights = new Float32Array(bars);
    let frame = 0;

    const draw = (levels: Float32Array | null) => {
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
      const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
      if (canvas.width !== w) canvas.width = w;
      if (canvas.height !== h) canvas.height = h;
      g.clearRect(0, 0, w, h);
      g.fillStyle = getComputedStyle(canvas).color;
      const n = heights.length;
      const slot = w / n;
      const barW = Math.max(1, slot * 0.55);
      let peak = 0;
      for (let i = 0; i < n; i++) {
        const src = levels ? levels[i] ?? 0 : 0;
        const target = Math.min(1, Math.sqrt(src) * 1.15);
        heights[i] = target > heights[i] ? target : heights[i] * 0.82 + target * 0.18;
        peak = Math.max(peak, src);
        const bh = Math.max(dpr * 2, heights[i] * h * 0.92);
        const x = i * slot + (slot - barW) / 2;
        const y = (h - bh) / 2;
        g.beginPath();
        if (typeof g.roundRect === 'function') g.roundRect(x, y, barW, bh, barW / 2);
        else g.rect(x, y, barW, bh);
        g.fill();
      }
      if (++frame % 6 === 0 || !levels) canvas.dataset.level = peak.toFixed(2);
    };

    draw(null);
    if (!stream) return;
    let stop: (() => void) | null = null;
    try {
      stop = waveform(stream, draw, bars);
    } catch {
      // no Web Audio here: the flat line stays
    }
    return () => stop?.();
  }, [stream, bars]);

  return <canvas ref={ref} class={`waveform${className ? ` ${className}` : ''}`} role="img" aria-label={label} data-testid={testid} />;
}
