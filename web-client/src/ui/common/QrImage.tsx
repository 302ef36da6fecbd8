import QRCode from 'qrcode';
import { useEffect, useState } from 'preact/hooks';

/** A QR code as a data: image (allowed by img-src), always dark on white so that any camera can read it. */
export function QrImage({ text, alt, testid, size = 220 }: { text: string; alt: string; testid?: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: size * 2, color: { dark: '#111a17', light: '#ffffff' } })
      .then((url) => current && setSrc(url))
      .catch(() => current && setSrc(null));
    return () => {
      current = false;
    };
  }, [text, size]);
  return src ? (
    <img class="qr" src={src} alt={alt} width={size} height={size} data-testid={testid} />
  ) : (
    <div class="qr qr-placeholder" role="img" aria-label={alt} />
  );
}
