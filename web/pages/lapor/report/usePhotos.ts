/** The photos of a report: chosen files uploaded at once (previews freed on leaving), at most MAX_PHOTOS. */
import { useEffect, useRef, useState } from "react";
import { ProblemError, uploadFile } from "../../../api.ts";
import { useLaporT } from "../shared.tsx";

export const MAX_PHOTOS = 5;

export interface Photo {
  key: string;
  name: string;
  preview: string;
  id?: string;
  status: "uploading" | "done" | "error";
  error?: string;
}

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
      added.push({ key: `${Date.now()}-${Math.random()}`, name: f.name, preview: URL.createObjectURL(f), status: "uploading" });
    }
    if (fileInput.current) fileInput.current.value = "";
    if (problems.length) showErrors({ photos: problems.join(" ") });
    else clear();
    if (!added.length) return;
    setPhotos((old) => [...old, ...added]);
    const files2 = list.filter((f) => f.type.startsWith("image/"));
    await Promise.all(
      added.map(async (p, i) => {
        try {
          const r = await uploadFile<{ id: string; thumbnailUrl: string }>("/api/lapor/photos", files2[i]);
          setPhotos((old) => old.map((x) => (x.key === p.key ? { ...x, id: r.id, status: "done" } : x)));
        } catch (err) {
          const msg = err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err);
          setPhotos((old) => old.map((x) => (x.key === p.key ? { ...x, status: "error", error: msg } : x)));
        }
      }),
    );
  };
  const removePhoto = (key: string) => {
    setPhotos((old) => {
      const p = old.find((x) => x.key === key);
      if (p) URL.revokeObjectURL(p.preview);
      return old.filter((x) => x.key !== key);
    });
    fileInput.current?.focus();
  };
  return { photos, fileInput, addPhotos, removePhoto };
}
