/**
 * The photos of a report: chosen files uploaded at once (previews freed on leaving), at most MAX_PHOTOS. Each keeps
 * its Blob, so the draft on the phone (useReportDraft) holds the photo itself: after a reload it is shown again and,
 * if it had not reached the server, uploaded then. Without signal a photo "waits" (sent with the report later).
 */
import { useEffect, useRef, useState } from "react";
import { ProblemError, uploadFile } from "../../../api.ts";
import { useLaporT } from "../shared.tsx";

export const MAX_PHOTOS = 5;

export interface Photo {
  key: string;
  name: string;
  preview: string;
  blob: Blob;
  id?: string;
  /** waiting: no connection; uploaded with the report from the offline queue. */
  status: "uploading" | "done" | "error" | "waiting";
  error?: string;
}

/** What the draft keeps of a photo. */
export type SavedPhoto = Pick<Photo, "key" | "name" | "blob" | "id">;

/** `showErrors`/`clear` are the flow form's: a photo that is not an image, or too many, is a field error on "photos". */
export function usePhotos(showErrors: (errors: Record<string, string>) => void, clear: () => void) {
  const { t } = useLaporT();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  // Free the photo previews when leaving.
  const photosRef = useRef(photos);
  photosRef.current = photos;
  useEffect(
    () => () => {
      for (const p of photosRef.current) URL.revokeObjectURL(p.preview);
    },
    [],
  );

  const upload = async (p: Photo) => {
    try {
      const r = await uploadFile<{ id: string; thumbnailUrl: string }>("/api/lapor/photos", p.blob, p.name);
      setPhotos((old) => old.map((x) => (x.key === p.key ? { ...x, id: r.id, status: "done", error: undefined } : x)));
    } catch (err) {
      const offline = err instanceof ProblemError && err.status === 0;
      const msg = err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err);
      setPhotos((old) => old.map((x) => (x.key === p.key ? { ...x, status: offline ? "waiting" : "error", error: offline ? undefined : msg } : x)));
    }
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files?.length) return;
    const room = MAX_PHOTOS - photos.length;
    const list = [...files].slice(0, Math.max(0, room));
    const problems: string[] = [];
    if (files.length > room) problems.push(t("flow.photosTooMany", { max: MAX_PHOTOS }));
    const added: Photo[] = [];
    for (const f of list) {
      if (!f.type.startsWith("image/")) {
        problems.push(t("flow.photoNotImage", { name: f.name }));
        continue;
      }
      added.push({ key: `${Date.now()}-${Math.random()}`, name: f.name, blob: f, preview: URL.createObjectURL(f), status: "uploading" });
    }
    if (fileInput.current) fileInput.current.value = "";
    if (problems.length) showErrors({ photos: problems.join(" ") });
    else clear();
    if (!added.length) return;
    setPhotos((old) => [...old, ...added]);
    await Promise.all(added.map(upload));
  };

  /** The photos of a restored draft: shown again; those that never reached the server are uploaded now. */
  const restorePhotos = (saved: SavedPhoto[]) => {
    const back: Photo[] = saved.map((s) => ({ ...s, preview: URL.createObjectURL(s.blob), status: s.id ? "done" : "uploading" }));
    setPhotos(back);
    for (const p of back) if (!p.id) void upload(p);
  };

  /** Back online: upload the photos that waited. */
  useEffect(() => {
    const retry = () => {
      for (const p of photosRef.current) if (p.status === "waiting") void upload({ ...p });
    };
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  });

  const removePhoto = (key: string) => {
    setPhotos((old) => {
      const p = old.find((x) => x.key === key);
      if (p) URL.revokeObjectURL(p.preview);
      return old.filter((x) => x.key !== key);
    });
    fileInput.current?.focus();
  };
  return { photos, fileInput, addPhotos, removePhoto, restorePhotos };
}
