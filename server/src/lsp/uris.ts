import { fileURLToPath } from 'node:url';

/**
 * The local path of a `file:` URI, or undefined for other schemes, a remote host (`file://host/share`) and
 * paths no file can have (an encoded `/` or NUL). Never throws: URIs come from the client.
 */
export function filePathOf(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'file:' || (url.hostname !== '' && url.hostname !== 'localhost')) return undefined;
  if (/%2f|%5c|%00/i.test(url.pathname)) return undefined;
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}

/** The analyzer's key of a document: its local path, else its URI (untitled, remote: never read from disk). */
export function pathOf(uri: string): string {
  return filePathOf(uri) ?? uri;
}
