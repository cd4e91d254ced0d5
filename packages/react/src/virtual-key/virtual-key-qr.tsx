import { correction, generate } from "lean-qr";
import { useMemo } from "react";

export interface QrCodeProps {
  /** What the code holds (the link that adds the key). */
  value: string;
  /** What the picture is, for people who cannot see it. */
  label: string;
}

/** The quiet zone the QR standard asks for around the code, in modules. */
const QUIET_ZONE = 4;

/**
 * A QR code drawn as one SVG path, dark modules on a light ground whatever the theme (phones'
 * cameras read dark-on-light codes best). Its own module, loaded only when a code is shown, so
 * the encoder never weighs on other steps or on phones, which get a button instead.
 */
export function QrCode({ value, label }: QrCodeProps) {
  const { size, path } = useMemo(() => {
    // M (about 15% of the code can be damaged or covered) stays small for a link this short.
    const code = generate(value, { minCorrectionLevel: correction.M });
    let d = "";
    for (let y = 0; y < code.size; y += 1) {
      for (let x = 0; x < code.size; x += 1) if (code.get(x, y)) d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    }
    return { size: code.size + QUIET_ZONE * 2, path: d };
  }, [value]);
  return (
    <svg className="onflex-qr" data-part="qr-code" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shapeRendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect width={size} height={size} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  );
}

export default QrCode;
