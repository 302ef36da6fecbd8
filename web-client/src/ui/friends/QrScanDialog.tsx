import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n';
import { Dialog } from '../common/Dialog';
import { CameraProblem, ScanFrame } from './ScanFrame';

type Status = 'starting' | 'scanning' | 'denied' | 'noCamera' | 'failed';
const PROBLEM: Partial<Record<Status, MessageKey>> = { denied: 'scan.denied', noCamera: 'scan.noCamera', failed: 'scan.failed' };
const FRAME_INTERVAL_MS = 150;
const MAX_SIDE = 640;

/** Camera preview that reads QR codes from its frames; hands the first text found to onResult. */
export function QrScanDialog({ onResult, onClose, onUpload }: { onResult(text: string): void; onClose(): void; onUpload(file: File): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<Status>('starting');
  const onResultRef = useRef(onResult);
  onResultRef.current = onResult;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    let lastScan = 0;

    const scan = (time: number) => {
      if (stopped) return;
      const v = video.current;
      if (v && context && time - lastScan >= FRAME_INTERVAL_MS && v.readyState >= v.HAVE_CURRENT_DATA && v.videoWidth) {
        lastScan = time;
        const scale = Math.min(1, MAX_SIDE / Math.max(v.videoWidth, v.videoHeight));
        canvas.width = Math.round(v.videoWidth * scale);
        canvas.height = Math.round(v.videoHeight * scale);
        context.drawImage(v, 0, 0, canvas.width, canvas.height);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
        const code = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'dontInvert' });
        if (code?.data) {
          stopped = true;
          onResultRef.current(code.data);
          return;
        }
      }
      frame = requestAnimationFrame(scan);
    };

    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('no camera API', 'NotFoundError');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        setStatus('scanning');
        frame = requestAnimationFrame(scan);
      } catch (error) {
        if (stopped) return;
        const name = error instanceof DOMException ? error.name : '';
        setStatus(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'noCamera' : 'failed');
      }
    })();

    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  const problem = PROBLEM[status];
  return (
    <Dialog title={t('scan.title')} onClose={onClose} size="sm">
      <div class="scan">
        <ScanFrame active={status === 'scanning'}>
          <video ref={video} class="scan-video" muted playsInline aria-hidden="true" />
          {status === 'starting' && <p class="scan-overlay">{t('scan.starting')}</p>}
          {problem && <CameraProblem text={t(problem)} />}
        </ScanFrame>
        <p class="scan-hint">{t('scan.hint')}</p>
        <label class="button button-block scan-upload">
          <input
            type="file"
            accept="image/*"
            class="visually-hidden"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) onUpload(file);
            }}
          />
          <span>{t('scan.uploadInstead')}</span>
        </label>
      </div>
    </Dialog>
  );
}
