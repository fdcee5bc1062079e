/** What `POST /api/attachments` answers with 201. */
export type Uploaded = { id: string; fileName: string; contentType: string; size: number };

/**
 * Uploads one file as multipart field `file`. XMLHttpRequest rather than fetch: fetch reports no
 * upload progress. Resolves with the stored attachment; rejects with the server's reason.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/attachments");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as (Uploaded & { error?: { message?: string } }) | null;
      if (xhr.status === 201 && body?.id) return resolve(body);
      reject(new Error(body?.error?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("Upload failed: network error"));
    xhr.onabort = () => reject(new Error("Upload cancelled"));
    signal?.addEventListener("abort", () => xhr.abort());
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}
