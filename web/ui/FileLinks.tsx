/** Uploaded files as a list of download links (`/api/files/:id`), each named by its file name. */
export function FileLinks({ files, className = "plain-list" }: { files: { id: string; filename: string }[]; className?: string }) {
  return (
    <ul className={className}>
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/api/files/${f.id}`}>{f.filename}</a>
        </li>
      ))}
    </ul>
  );
}
