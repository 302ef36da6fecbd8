/** Browser-only voice helpers: recording a clip (MediaRecorder) and live microphone levels (AnalyserNode). */

const PREFERRED_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/mp4', 'audio/ogg'];

export interface Clip {
  blob: Blob;
  mime: string;
  durationMs: number;
}

export interface Recording {
  /** the microphone stream being recorded (e.g. for waveform()) */
  stream: MediaStream;
  /** stops recording and yields the clip */
  stop(): Promise<Clip>;
  /** stops and throws the recording away */
  cancel(): void;
}

/** The first of the preferred audio types this browser can record, or '' (let the browser choose). */
export function pickAudioType(): string {
  if (typeof MediaRecorder === 'undefined' || typeof MediaRecorder.isTypeSupported !== 'function') return '';
  return PREFERRED_TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
}

/**
 * Starts recording from the microphone (or the given stream). Recording ends by itself after maxMs; stop() then
 * still yields what was recorded. Microphone tracks this function opened are stopped at the end.
 */
export async function recordClip(opts: { stream?: MediaStream; maxMs?: number } = {}): Promise<Recording> {
  const own = !opts.stream;
  const stream = opts.stream ?? (await navigator.mediaDevices.getUserMedia({ audio: true }));
  const type = pickAudioType();
  let recorder: MediaRecorder;
  try {
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
  } catch (e) {
    if (own) stream.getTracks().forEach((t) => t.stop());
    throw e;
  }
  const chunks: Blob[] = [];
  const started = performance.now();
  let ended = started;
  const done = new Promise<void>((resolve, reject) => {
    recorder.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    recorder.onstop = () => {
      ended = performance.now();
      if (own) stream.getTracks().forEach((t) => t.stop());
      resolve();
    };
    recorder.onerror = (e) => reject((e as ErrorEvent).error ?? new Error('recording failed'));
  });
  done.catch(() => undefined);
  const halt = () => {
    clearTimeout(limit);
    if (recorder.state !== 'inactive') recorder.stop();
  };
  const limit = setTimeout(halt, opts.maxMs ?? 5 * 60_000);
  recorder.start(250);
  return {
    stream,
    async stop() {
      halt();
      await done;
      const mime = recorder.mimeType || type || chunks[0]?.type || 'audio/webm';
      return { blob: new Blob(chunks, { type: mime }), mime, durationMs: Math.round(ended - started) };
    },
    cancel() {
      halt();
      chunks.length = 0;
    },
  };
}

/**
 * Calls onLevels about 30 times a second with `bars` peak levels (0…1) across the current audio window: a live
 * waveform of the stream. Returns a function that stops it and releases the audio context.
 */
export function waveform(stream: MediaStream, onLevels: (levels: Float32Array) => void, bars = 32): () => void {
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const levels = new Float32Array(bars);
  const per = Math.floor(samples.length / bars);
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    analyser.getFloatTimeDomainData(samples);
    for (let b = 0; b < bars; b++) {
      let peak = 0;
      for (let i = b * per; i < (b + 1) * per; i++) peak = Math.max(peak, Math.abs(samples[i]));
      levels[b] = Math.min(1, peak);
    }
    onLevels(levels);
  };
  const timer = setInterval(tick, 33);
  void ctx.resume().catch(() => undefined);
  return () => {
    stopped = true;
    clearInterval(timer);
    source.disconnect();
    void ctx.close().catch(() => undefined);
  };
}
