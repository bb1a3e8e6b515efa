import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** Assistants open their link by scanning this with a phone. */
export function QrCode({ value, alt, testId }: { value: string; alt: string; testId: string }) {
  const [dataUrl, setDataUrl] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    QRCode.toDataURL(value, { margin: 1, width: 192, errorCorrectionLevel: 'M' }).then(
      (url) => { if (!cancelled) setDataUrl(url); },
      () => { if (!cancelled) setDataUrl(null); },
    );
    return () => { cancelled = true; };
  }, [value]);

  return dataUrl ? <img className="qr" src={dataUrl} alt={alt} width={192} height={192} data-testid={testId} /> : null;
}
