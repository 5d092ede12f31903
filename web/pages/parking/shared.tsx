/** e-Parking web: the lazy "parking" i18n namespace, API shapes from the contract, Rupiah, and a QR image. */
import "./parking.css";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import type { schemas } from "../../api.ts";
import en from "../../i18n/parking.en.json" with { type: "json" };
import id from "../../i18n/parking.id.json" with { type: "json" };
import { lazyNamespace } from "../../ui/namespace.ts";

export const useParkingT = lazyNamespace("parking", id, en);

export type JukirHome = schemas["ParkingJukirHome"];
export type ParkingSession = schemas["ParkingSession"];
export type ParkingPoint = schemas["ParkingPoint"];
export type ParkingAttendant = schemas["ParkingAttendant"];
export type OfficialAttendant = schemas["ParkingOfficialAttendant"];
export type ParkingRevenue = schemas["ParkingRevenue"];
export type ParkingReconciliation = schemas["ParkingReconciliation"];

export { rupiah } from "../../ui/intl.ts";

/** A QR code as an SVG image with a text alternative (the payload itself is not read out). */
export function QrImage({ text, label, size = 260 }: { text: string; label: string; size?: number }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: "svg", margin: 2, errorCorrectionLevel: "M" }).then((s) => live && setSvg(s));
    return () => {
      live = false;
    };
  }, [text]);
  if (!svg) return <div className="pk-qr" style={{ width: size, height: size }} />;
  return <img className="pk-qr" src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`} alt={label} width={size} height={size} />;
}
