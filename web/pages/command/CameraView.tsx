/** A camera's live view in a modal dialog: HLS through hls.js (loaded only here), MJPEG and snapshots as <img>. */
import { useEffect, useRef, useState } from "react";
import { Dialog } from "../../ui/Dialog.tsx";
import { type Camera, hhmm, useCommandT } from "./i18n.ts";

export function CameraDialog({ camera, onClose }: { camera: Camera; onClose: () => void }) {
  const { t, i18n } = useCommandT();
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);

  // Snapshots refresh every 5 s.
  useEffect(() => {
    if (camera.streamKind !== "snapshot") return;
    const timer = setInterval(() => setTick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, [camera.streamKind]);

  const url = camera.streamUrl;
  const status = t(`wall.cameraStatus.${camera.streamUrl ? camera.status : "noUrl"}`, { defaultValue: camera.status });
  return (
    <Dialog className="cam-dialog" labelledBy="cam-title" onClose={onClose}>
      {(close) => (
        <>
          <div className="cam-dialog__head">
            <h2 id="cam-title" className="cam-dialog__title">
              {t("wall.camera", { name: camera.name })}
            </h2>
            <button type="button" className="button button--secondary button--small" onClick={close}>
              {t("common.close")}
            </button>
          </div>
          <p className="cam-dialog__meta">
            <span className={`wall-cam wall-cam--${camera.status}`} /> {status}
            {camera.checkedAt ? ` · ${hhmm(camera.checkedAt, i18n.language)}` : ""}
            {camera.ownerName ? ` · ${camera.ownerName}` : ""}
            {camera.lastError ? ` · ${camera.lastError}` : ""}
          </p>
          <div className="cam-dialog__view">
            {!url ? (
              <p>{t("wall.cameraNoStream")}</p>
            ) : failed ? (
              <p>{t("wall.cameraFailed")}</p>
            ) : camera.streamKind === "hls" ? (
              <HlsVideo url={url} label={camera.name} onFail={() => setFailed(true)} />
            ) : (
              <img
                src={camera.streamKind === "snapshot" ? `${url}${url.includes("?") ? "&" : "?"}_=${tick}` : url}
                alt={t("wall.camera", { name: camera.name })}
                onError={() => setFailed(true)}
              />
            )}
          </div>
          {url && (
            <p>
              <a href={url} target="_blank" rel="noreferrer noopener">
                {t("wall.cameraOpen")}
              </a>
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}

function HlsVideo({ url, label, onFail }: { url: string; label: string; onFail: () => void }) {
  const ref = useRef<HTMLVideoElement>(null);
  const failRef = useRef(onFail);
  failRef.current = onFail;
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    let destroy: (() => void) | null = null;
    let live = true;
    import("hls.js").then(
      ({ default: Hls }) => {
        if (!live) return;
        if (Hls.isSupported()) {
          const hls = new Hls({ enableWorker: false, lowLatencyMode: true });
          hls.on(Hls.Events.ERROR, (_e, data) => {
            if (data.fatal) failRef.current();
          });
          hls.loadSource(url);
          hls.attachMedia(video);
          destroy = () => hls.destroy();
        } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
          video.src = url;
        } else {
          failRef.current();
        }
      },
      () => failRef.current(),
    );
    return () => {
      live = false;
      destroy?.();
    };
  }, [url]);
  return <video ref={ref} muted autoPlay playsInline controls aria-label={label} onError={() => failRef.current()} />;
}
